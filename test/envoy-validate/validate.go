package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/envoyproxy/go-control-plane/envoy/annotations"
	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	discoveryv3 "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/known/anypb"
	"sigs.k8s.io/yaml"
)

const typeURLPrefix = "type.googleapis.com/"

// findings of one document: errors Envoy refuses the config for, warnings it loads it with.
type findings struct {
	errors   []string
	warnings []string
}

func (f *findings) errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

// documentFindings decodes one YAML or JSON document and checks all of it: a file of resources when it
// has a top-level "resources" (which a bootstrap does not have), else a bootstrap.
func documentFindings(document []byte) findings {
	asJSON, err := yaml.YAMLToJSON(document)
	if err != nil {
		var found findings
		found.errorf("not YAML or JSON: %v", err)
		return found
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(asJSON, &top) == nil && top["resources"] != nil {
		return resourcesFindings(asJSON)
	}
	return bootstrapFindings(asJSON)
}

func bootstrapFindings(asJSON []byte) findings {
	var found findings
	bootstrap := &bootstrapv3.Bootstrap{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: false}).Unmarshal(asJSON, bootstrap); err != nil {
		found.errorf("not an envoy.config.bootstrap.v3.Bootstrap: %v%s", err, unresolvedHint(err))
		return found
	}
	checkMessage(bootstrap, "bootstrap", &found)
	return found
}

const secretTypeURL = typeURLPrefix + "envoy.extensions.transport_sockets.tls.v3.Secret"

// resourcesFindings checks a file that a path_config_source reads (an SDS file, say) as Envoy reads it:
// an envoy.service.discovery.v3.DiscoveryResponse, each resource unpacked into its type and checked.
// One file feeds one subscription, so its resources are of one type; SDS takes exactly one secret.
func resourcesFindings(asJSON []byte) findings {
	var found findings
	response := &discoveryv3.DiscoveryResponse{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: false}).Unmarshal(asJSON, response); err != nil {
		found.errorf("not an envoy.service.discovery.v3.DiscoveryResponse: %v%s", err, unresolvedHint(err))
		return found
	}
	resources := response.GetResources()
	if len(resources) == 0 {
		found.errorf("resources: none")
	}
	for i, resource := range resources {
		if first := resources[0].GetTypeUrl(); resource.GetTypeUrl() != first {
			found.errorf("resources[%d]: %s in a file of %s: one file feeds one subscription", i, resource.GetTypeUrl(), first)
		}
	}
	if len(resources) > 1 && resources[0].GetTypeUrl() == secretTypeURL {
		found.errorf("resources: %d, but SDS takes exactly one secret (Unexpected SDS secrets length)", len(resources))
	}
	checkMessage(response, "resources file", &found)
	return found
}

// unresolvedHint: an Any of a type that is not registered is Envoy's "unknown type", or an extension
// that lane7 renders but extensions.go does not import yet.
func unresolvedHint(err error) string {
	if strings.Contains(err.Error(), "unable to resolve") {
		return " (a real Envoy extension must be imported in test/envoy-validate/extensions.go)"
	}
	return ""
}

// checkMessage runs the message's protoc-gen-validate rules (which cover its embedded messages, but
// stop at every Any) and walks it for what they do not: deprecated fields and the contents of Anys.
func checkMessage(message proto.Message, path string, found *findings) {
	if validated, ok := message.(interface{ ValidateAll() error }); ok {
		if err := validated.ValidateAll(); err != nil {
			for _, each := range allErrors(err) {
				found.errorf("%s: %v", path, each)
			}
		}
	}
	walk(message.ProtoReflect(), path, found)
}

func allErrors(err error) []error {
	if multi, ok := err.(interface{ AllErrors() []error }); ok {
		return multi.AllErrors()
	}
	return []error{err}
}

func walk(message protoreflect.Message, path string, found *findings) {
	message.Range(func(field protoreflect.FieldDescriptor, value protoreflect.Value) bool {
		fieldPath := path + "." + string(field.Name())
		options := field.Options().(*descriptorpb.FieldOptions)
		deprecation(options.GetDeprecated(), proto.GetExtension(options, annotations.E_DisallowedByDefault).(bool),
			fieldPath+": deprecated field", found)
		switch {
		case field.IsList():
			list := value.List()
			for i := 0; i < list.Len(); i++ {
				walkValue(field, list.Get(i), fmt.Sprintf("%s[%d]", fieldPath, i), found)
			}
		case field.IsMap():
			entries := value.Map()
			for _, key := range sortedKeys(entries) {
				walkValue(field.MapValue(), entries.Get(key), fmt.Sprintf("%s[%s]", fieldPath, key.String()), found)
			}
		default:
			walkValue(field, value, fieldPath, found)
		}
		return true
	})
}

// sortedKeys: a map's keys in order, so that findings come out in the same order every run.
func sortedKeys(entries protoreflect.Map) []protoreflect.MapKey {
	keys := []protoreflect.MapKey{}
	entries.Range(func(key protoreflect.MapKey, _ protoreflect.Value) bool {
		keys = append(keys, key)
		return true
	})
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	return keys
}

func walkValue(field protoreflect.FieldDescriptor, value protoreflect.Value, path string, found *findings) {
	switch field.Kind() {
	case protoreflect.EnumKind:
		enumValue := field.Enum().Values().ByNumber(value.Enum())
		if enumValue == nil {
			return
		}
		options := enumValue.Options().(*descriptorpb.EnumValueOptions)
		deprecation(options.GetDeprecated(), proto.GetExtension(options, annotations.E_DisallowedByDefaultEnum).(bool),
			fmt.Sprintf("%s: deprecated enum value %s", path, enumValue.Name()), found)
	case protoreflect.MessageKind, protoreflect.GroupKind:
		if any, ok := value.Message().Interface().(*anypb.Any); ok {
			checkAny(any, path, found)
		} else {
			walk(value.Message(), path, found)
		}
	}
}

// deprecation: Envoy refuses a deprecated field or enum value that is disallowed by default, and loads
// any other with a warning.
func deprecation(deprecated, disallowed bool, message string, found *findings) {
	switch {
	case disallowed:
		found.errorf("%s, disallowed by default", message)
	case deprecated:
		found.warnings = append(found.warnings, message)
	}
}

// checkAny unpacks an Any into its registered type and checks that message in full.
func checkAny(any *anypb.Any, path string, found *findings) {
	url := any.GetTypeUrl()
	if !strings.HasPrefix(url, typeURLPrefix) {
		found.errorf("%s: an Any needs @type %q<message>, got %q", path, typeURLPrefix, url)
		return
	}
	inner, err := any.UnmarshalNew()
	if err != nil {
		found.errorf("%s: %s: %v", path, url, err)
		return
	}
	checkMessage(inner, fmt.Sprintf("%s<%s>", path, strings.TrimPrefix(url, typeURLPrefix)), found)
}
