// Command envoy-validate checks Envoy bootstrap documents with Envoy's own API rules: the v3 protos
// read strictly by protojson (unknown fields, unknown Any types, bad enums and durations are errors),
// every google.protobuf.Any unpacked into its registered type, and the protoc-gen-validate rules that
// Envoy enforces at load (ValidateAll) run on the bootstrap and on every unpacked message. A deprecated
// field or enum value is an error when Envoy disallows it by default, else a warning, as Envoy logs it.
//
// Usage:
//
//	envoy-validate FILE...   each file one bootstrap, YAML or JSON
//	envoy-validate -         standard input: one JSON bootstrap a line
//
// It prints one JSON line per input, {"input": ..., "valid": ..., "errors": [...], "warnings": [...]},
// in input order, and exits 1 when any input is invalid (has errors), 2 when it cannot run.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
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
		fmt.Fprintln(os.Stderr, "usage: envoy-validate FILE... | envoy-validate -")
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	invalid := false
	emit := func(r result) {
		invalid = invalid || !r.Valid
		line, err := json.Marshal(r)
		if err != nil {
			fail(err)
		}
		out.Write(append(line, '\n'))
	}
	for _, arg := range os.Args[1:] {
		if arg == "-" {
			if err := validateStream(os.Stdin, emit); err != nil {
				fail(err)
			}
			continue
		}
		document, err := os.ReadFile(arg)
		if err != nil {
			fail(err)
		}
		emit(validateDocument(arg, document))
	}
	if err := out.Flush(); err != nil {
		fail(err)
	}
	if invalid {
		os.Exit(1)
	}
}

// validateStream reads one JSON bootstrap a line, named stdin:<line number>; blank lines are skipped.
func validateStream(in io.Reader, emit func(result)) error {
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 1<<20), 1<<30)
	for number := 1; scanner.Scan(); number++ {
		if len(scanner.Bytes()) == 0 {
			continue
		}
		emit(validateDocument(fmt.Sprintf("stdin:%d", number), scanner.Bytes()))
	}
	return scanner.Err()
}

func validateDocument(name string, document []byte) result {
	found := bootstrapFindings(document)
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
