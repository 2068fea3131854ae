package contract

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1.0.0", "1.0.0", 0},
		{"1.10.0", "1.9.3", 1},
		{"1.2", "1.2.1", -1},
		{"2", "10", -1},
		{"1.0.0-b", "1.0.0-a", 1},
	} {
		if got := CompareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDecode(t *testing.T) {
	var a Article
	if err := Decode([]byte(`{"schema":1,"id":"x","text":"t"}`), &a); err != nil || a.ID != "x" {
		t.Fatalf("Decode valid: %v %+v", err, a)
	}
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"not json", `{`, ErrMalformed},
		{"future schema", `{"schema":99}`, ErrSchema},
		{"no schema", `{"id":"x"}`, ErrSchema},
		{"wrong type", `{"schema":1,"id":5}`, ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Decode([]byte(tc.in), &a); !errors.Is(err, tc.want) {
				t.Fatalf("Decode(%s) = %v, want %v", tc.in, err, tc.want)
			}
		})
	}
}

func TestArticleIDStable(t *testing.T) {
	if ArticleID("https://a.example/x", nil) != ArticleID("https://a.example/x", []byte("other")) {
		t.Fatal("url id must not depend on body")
	}
	if ArticleID("", []byte("a")) == ArticleID("", []byte("b")) {
		t.Fatal("file ids must differ by content")
	}
	if len(ArticleID("u", nil)) != 16 {
		t.Fatal("id length")
	}
}

// TestDecodeAsEncodingJSON: whatever the message, Decode fills the value
// and fails (same error, same message) as reading the schema with
// encoding/json first did.
func TestDecodeAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{"schema":1,"id":"x","text":"t"}`,
		` { "id" : "a,b}" , "schema" : 1 , "title":"say \"hi\" {"} `,
		`{"id":"x","byline":"","schema":1}`,
		`{"text":"back\\slash \\\" quote","schema":1,"lang":"en"}`,
		`{"published":null,"schema":1}`,
		`{"item":{"schema":7,"list":[1,{"schema":9}]},"schema":1}`,
		`{"schema":0}`, `{"schema":2}`, `{"schema":99}`, `{"schema":-1}`, `{"schema":1.0}`, `{"schema":1e0}`,
		`{"schema":"1"}`, `{"schema":01}`, `{"schema":1`, `{"schema":1,}`, `{"schema":1} x`, `{"schema":1}{}`,
		`{"Schema":1}`, `{"SCHEMA":1,"id":"y"}`, `{"schema":1,"schema":5}`, `{"schema":5,"schema":1}`,
		`{"\u0073chema":1}`, `{"sch\u0065ma":7}`, `{"id":5,"schema":1}`, `{"id":"x"}`, `{}`, `[]`, `null`, ``, `"schema"`,
		`{"schema":1,"id":"caf\u00e9","text":"\u2014"}`, `{"schema":1,"id":"x"`, `{"schema" 1}`, `{schema:1}`,
		"{\"schema\":1,\"id\":\"\xff\"}", `{"a":[{"b":"]"}],"schema":1,"id":"z"}`, `{"a":true,"b":false,"c":null,"schema":1}`,
	} {
		t.Run(in, func(t *testing.T) {
			var got, want Article
			gotErr, wantErr := Decode([]byte(in), &got), decodeChecked([]byte(in), &want)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
				t.Fatalf("Decode(%s) = %v, %+v; encoding/json first gave %v, %+v", in, gotErr, got, wantErr, want)
			}
			var cs, csWant ClaimSet
			gotErr, wantErr = Decode([]byte(in), &cs), decodeChecked([]byte(in), &csWant)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(cs, csWant) {
				t.Fatalf("Decode(%s) as ClaimSet = %v; encoding/json first gave %v", in, gotErr, wantErr)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"schema":1,"id":"x"}`, `{"a":{"schema":2},"schema":1}`, `{"Schema":1}`, `{"schema":1,"x":[1,"]",{}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var got, want Article
		gotErr, wantErr := Decode([]byte(in), &got), decodeChecked([]byte(in), &want)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode(%q) = %v; encoding/json first gave %v", in, gotErr, wantErr)
		}
	})
}
