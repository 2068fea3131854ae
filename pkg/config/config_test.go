package config

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// listValue is a repeatable flag, like the fetcher's --allow-net.
type listValue []string

func (l *listValue) String() string { return strings.Join(*l, ",") }
func (l *listValue) Set(v string) error {
	if v == "bad" {
		return errors.New("not a network")
	}
	*l = append(*l, strings.Split(v, ",")...)
	return nil
}

type settings struct {
	url   string
	wait  time.Duration
	rate  float64
	n     int
	quiet bool
	json  bool // no env behind it
	nets  listValue
}

func newSet(s *settings) *flag.FlagSet {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	String(fs, &s.url, "nats-url", "nats://default:4222", "NATS server")
	Duration(fs, &s.wait, "ack-wait", time.Second, "ack wait")
	Float(fs, &s.rate, "rate", 1, "rate")
	Int(fs, &s.n, "workers", 2, "workers")
	Bool(fs, &s.quiet, "quiet", false, "quiet")
	fs.BoolVar(&s.json, "json", false, "print JSON")
	Var(fs, &s.nets, "allow-net", "networks")
	return fs
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		want    settings
		wantPos []string
		wantErr bool
	}{
		{name: "defaults", want: settings{url: "nats://default:4222", wait: time.Second, rate: 1, n: 2}},
		{name: "env fills what the line does not set",
			env:  map[string]string{"CLAIMWIRE_NATS_URL": "nats://env:4222", "CLAIMWIRE_ACK_WAIT": "45s", "CLAIMWIRE_QUIET": "true", "CLAIMWIRE_ALLOW_NET": "127.0.0.0/8,10.0.0.0/8"},
			want: settings{url: "nats://env:4222", wait: 45 * time.Second, rate: 1, n: 2, quiet: true, nets: listValue{"127.0.0.0/8", "10.0.0.0/8"}}},
		{name: "the line wins over the env, lists included",
			env:  map[string]string{"CLAIMWIRE_NATS_URL": "nats://env:4222", "CLAIMWIRE_ALLOW_NET": "10.0.0.0/8"},
			args: []string{"--nats-url", "nats://flag:1", "--allow-net", "127.0.0.1"},
			want: settings{url: "nats://flag:1", wait: time.Second, rate: 1, n: 2, nets: listValue{"127.0.0.1"}}},
		{name: "flags after and between positionals",
			args:    []string{"a", "--workers", "7", "b", "--json", "c", "--rate=3"},
			want:    settings{url: "nats://default:4222", wait: time.Second, rate: 3, n: 7, json: true},
			wantPos: []string{"a", "b", "c"}},
		{name: "-- ends the flags; - is a positional",
			args:    []string{"-", "--", "--workers", "x"},
			want:    settings{url: "nats://default:4222", wait: time.Second, rate: 1, n: 2},
			wantPos: []string{"-", "--workers", "x"}},
		{name: "a flag without env ignores a variable of its name",
			env:  map[string]string{"CLAIMWIRE_JSON": "true"},
			want: settings{url: "nats://default:4222", wait: time.Second, rate: 1, n: 2}},
		{name: "a bad env value is an error", env: map[string]string{"CLAIMWIRE_RATE": "abc"}, wantErr: true},
		{name: "a bad env list is an error", env: map[string]string{"CLAIMWIRE_ALLOW_NET": "bad"}, wantErr: true},
		{name: "a bad env value overridden on the line is no error",
			env:  map[string]string{"CLAIMWIRE_WORKERS": "many"},
			args: []string{"--workers", "3"},
			want: settings{url: "nats://default:4222", wait: time.Second, rate: 1, n: 3}},
		{name: "a bad flag after a positional", args: []string{"a", "--workers", "many"}, wantErr: true},
		{name: "an unknown flag after a positional", args: []string{"a", "--wiat"}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var got settings
			fs := newSet(&got)
			err := Parse(fs, tc.args)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("Parse(%q) = nil, want an error", tc.args)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.args, err)
			}
			if got.url != tc.want.url || got.wait != tc.want.wait || got.rate != tc.want.rate || got.n != tc.want.n ||
				got.quiet != tc.want.quiet || got.json != tc.want.json || !slices.Equal(got.nets, tc.want.nets) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
			if !slices.Equal(fs.Args(), tc.wantPos) && len(fs.Args())+len(tc.wantPos) > 0 {
				t.Errorf("positional %q, want %q", fs.Args(), tc.wantPos)
			}
		})
	}
}

func TestParseHelpAndErrors(t *testing.T) {
	var s settings
	fs := newSet(&s)
	if err := Parse(fs, []string{"a", "--help"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help after a positional: %v, want flag.ErrHelp", err)
	}

	t.Setenv("CLAIMWIRE_RATE", "abc")
	var out strings.Builder
	fs = newSet(&s)
	fs.SetOutput(&out)
	err := Parse(fs, nil)
	var ee *EnvError
	if !errors.As(err, &ee) || ee.Var != "CLAIMWIRE_RATE" || ee.Flag != "rate" {
		t.Fatalf("err = %v, want an EnvError for CLAIMWIRE_RATE", err)
	}
	// Reported where the flag package reports a bad flag.
	if !strings.Contains(out.String(), `invalid value "abc" for CLAIMWIRE_RATE`) {
		t.Errorf("output %q does not report the variable", out.String())
	}
}

// The variables Parse reads are exactly those --help names.
func TestHelpNamesEveryEnvRead(t *testing.T) {
	var s settings
	fs := newSet(&s)
	fs.VisitAll(func(f *flag.Flag) {
		named := strings.Contains(f.Usage, "env "+EnvName(f.Name))
		if named != hasEnv(f) {
			t.Errorf("--%s: help names the env: %v, Parse reads it: %v", f.Name, named, hasEnv(f))
		}
	})
	if hasEnv(fs.Lookup("json")) {
		t.Error("--json has no env variable")
	}
}
