// Command envoy-validate checks Envoy documents with Envoy's own API rules: the v3 protos
// read strictly by protojson (unknown fields, unknown Any types, bad enums and durations are errors),
// every google.protobuf.Any unpacked into its registered type, and the protoc-gen-validate rules that
// Envoy enforces at load (ValidateAll) run on the document and on every unpacked message. A deprecated
// field or enum value is an error when Envoy disallows it by default, else a warning, as Envoy logs it.
//
// Usage: envoy-validate FILE..., each file one bootstrap or one file of resources as a path_config_source
// reads it (`resources:`, such as an SDS file), YAML or JSON; one invocation checks a whole batch. It
// prints one JSON line per file, in order,
//
//	{"input": FILE, "valid": BOOL, "errors": [...], "warnings": [...]}
//
// and exits 1 when any file is invalid (has errors), 2 when it cannot run.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

type result struct {
	Input    string   `json:"input"`
	Valid    bool     `json:"valid"`
	Errors   []string `json:"errors"`
	Warnings []string `json:"warnings"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: envoy-validate FILE...")
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	invalid := false
	for _, file := range os.Args[1:] {
		document, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		r := validateDocument(file, document)
		invalid = invalid || !r.Valid
		line, err := json.Marshal(r)
		if err != nil {
			fail(err)
		}
		out.Write(append(line, '\n'))
	}
	if err := out.Flush(); err != nil {
		fail(err)
	}
	if invalid {
		os.Exit(1)
	}
}

func validateDocument(name string, document []byte) result {
	found := documentFindings(document)
	return result{Input: name, Valid: len(found.errors) == 0, Errors: nonNil(found.errors), Warnings: nonNil(found.warnings)}
}

// nonNil keeps an empty list a JSON [] rather than null.
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "envoy-validate:", err)
	os.Exit(2)
}
