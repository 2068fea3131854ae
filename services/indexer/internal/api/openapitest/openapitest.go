// Package openapitest checks HTTP responses against the API's OpenAPI
// document, so that tests which call the API also prove the document true.
package openapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/claimwire/claimwire/services/indexer/internal/api"
)

// Validator checks responses against api.OpenAPI.
type Validator struct {
	doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema json.RawMessage `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	compiler *jsonschema.Compiler

	mu      sync.Mutex
	schemas map[string]*jsonschema.Schema
	seen    map[string]int // "METHOD template status" → responses checked
}

// New parses the document.
func New() (*Validator, error) {
	v := &Validator{schemas: map[string]*jsonschema.Schema{}, seen: map[string]int{}}
	if err := json.Unmarshal(api.OpenAPI, &v.doc); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.OpenAPI))
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	v.compiler = jsonschema.NewCompiler()
	v.compiler.DefaultDraft(jsonschema.Draft2020)
	v.compiler.AssertFormat()
	if err := v.compiler.AddResource("openapi.json", doc); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return v, nil
}

// template finds the document's path for a request path.
func (v *Validator) template(path string) string {
	if _, ok := v.doc.Paths[path]; ok {
		return path
	}
	parts := strings.Split(path, "/")
	for t := range v.doc.Paths {
		tp := strings.Split(t, "/")
		if len(tp) != len(parts) {
			continue
		}
		ok := true
		for i := range tp {
			if tp[i] != parts[i] && !(strings.HasPrefix(tp[i], "{") && parts[i] != "") {
				ok = false
				break
			}
		}
		if ok {
			return t
		}
	}
	return ""
}

// Check validates one response (its body already read). A path or status
// the document does not list is an error, except 404 on unknown paths and
// 405 on known ones.
func (v *Validator) Check(method, path string, status int, contentType string, body []byte) error {
	t := v.template(path)
	if t == "" {
		if status == http.StatusNotFound {
			return nil
		}
		return fmt.Errorf("openapi: %s %s: path not in the document", method, path)
	}
	op, ok := v.doc.Paths[t][strings.ToLower(method)]
	if !ok {
		if status == http.StatusMethodNotAllowed {
			return nil
		}
		return fmt.Errorf("openapi: %s %s: method not in the document", method, t)
	}
	r, ok := op.Responses[strconv.Itoa(status)]
	if !ok {
		return fmt.Errorf("openapi: %s %s: status %d not in the document", method, t, status)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("openapi: %s %s: content type %q: %w", method, t, contentType, err)
	}
	c, ok := r.Content[mt]
	if !ok {
		return fmt.Errorf("openapi: %s %s %d: content type %s not in the document", method, t, status, mt)
	}
	v.mu.Lock()
	v.seen[fmt.Sprintf("%s %s %d", method, t, status)]++
	v.mu.Unlock()
	if mt != "application/json" {
		return nil
	}
	var ref struct {
		Ref string `json:"$ref"`
	}
	_ = json.Unmarshal(c.Schema, &ref)
	loc := "openapi.json#/paths/" + strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1") + "/" + strings.ToLower(method) +
		"/responses/" + strconv.Itoa(status) + "/content/application~1json/schema"
	if ref.Ref != "" {
		loc = "openapi.json" + ref.Ref
	}
	sch, err := v.schema(loc)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("openapi: %s %s %d: body is not JSON: %w", method, path, status, err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("openapi: %s %s %d: %w", method, path, status, err)
	}
	return nil
}

func (v *Validator) schema(loc string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.schemas[loc]; ok {
		return s, nil
	}
	s, err := v.compiler.Compile(loc)
	if err != nil {
		return nil, fmt.Errorf("openapi: compile %s: %w", loc, err)
	}
	v.schemas[loc] = s
	return s, nil
}

// Seen returns how many responses were checked per "METHOD path status".
func (v *Validator) Seen() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make(map[string]int, len(v.seen))
	for k, n := range v.seen {
		out[k] = n
	}
	return out
}
