package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"reflect"
	"testing"
)

func TestDropUnknownFlags(t *testing.T) {
	// main registers these on flag.CommandLine; the glog flags come from the sdk's logging package.
	if flag.CommandLine.Lookup("tracing") == nil {
		flag.String("tracing", "", "")
	}
	if flag.CommandLine.Lookup("root") == nil {
		flag.String("root", "", "")
	}
	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"engine address only", []string{"127.0.0.1:1234"}, []string{"127.0.0.1:1234"}},
		{"known flags kept", []string{"--tracing", "x", "--root=/p", "127.0.0.1:1"}, []string{"--tracing", "x", "--root=/p", "127.0.0.1:1"}},
		{"unknown flags dropped", []string{"--newflag", "--other=1", "127.0.0.1:1"}, []string{"127.0.0.1:1"}},
		{"everything after -- kept", []string{"--", "--newflag", "a"}, []string{"--", "--newflag", "a"}},
		{"single dash is an argument", []string{"-", "addr"}, []string{"-", "addr"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := dropUnknownFlags(c.in); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("dropUnknownFlags(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestParseOptions(t *testing.T) {
	cases := []struct {
		name    string
		in      map[string]any
		want    nodeOptions
		wantErr string
	}{
		{"defaults", map[string]any{}, nodeOptions{typescript: true}, ""},
		{"all set", map[string]any{"typescript": false, "tsconfig": "t.json", "nodeargs": "--inspect"},
			nodeOptions{typescript: false, tsconfigpath: "t.json", nodeargs: "--inspect"}, ""},
		{"packagemanager ignored", map[string]any{"packagemanager": "pnpm"}, nodeOptions{typescript: true}, ""},
		{"typescript not a bool", map[string]any{"typescript": "yes"}, nodeOptions{}, "typescript option must be a boolean"},
		{"tsconfig not a string", map[string]any{"tsconfig": 1.0}, nodeOptions{}, "tsconfigpath option must be a string"},
		{"nodeargs not a string", map[string]any{"nodeargs": true}, nodeOptions{}, "nodeargs option must be a string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseOptions(c.in)
			if c.wantErr != "" {
				if err == nil || err.Error() != c.wantErr {
					t.Fatalf("parseOptions(%v) error = %v, want %q", c.in, err, c.wantErr)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("parseOptions(%v) = %+v, %v; want %+v", c.in, got, err, c.want)
			}
		})
	}
}

func TestSplitArgs(t *testing.T) {
	cases := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"--a --b", []string{"--a", "--b"}, false},
		{"  --max-old-space-size=4096\t-r x ", []string{"--max-old-space-size=4096", "-r", "x"}, false},
		{`--title "a b" 'c d'`, []string{"--title", "a b", "c d"}, false},
		{`a\ b`, []string{"a b"}, false},
		{`'it''s'`, []string{"its"}, false},
		{`""`, []string{""}, false},
		{`"unterminated`, nil, true},
		{`trailing\`, nil, true},
	}
	for _, c := range cases {
		got, err := splitArgs(c.in)
		if c.wantErr {
			if err == nil {
				t.Errorf("splitArgs(%q) = %q, want an error", c.in, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("splitArgs(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestConfigJSON(t *testing.T) {
	got, err := configJSON(map[string]string{"onesignal:apiUrl": "http://x", "proj:name": "v"})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(got), &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"onesignal:config:apiUrl": "http://x", "proj:config:name": "v"}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("configJSON = %v, want %v", m, want)
	}
	if empty, _ := configJSON(nil); empty != "{}" {
		t.Fatalf("configJSON(nil) = %q, want {}", empty)
	}
	if _, err := configJSON(map[string]string{"no-namespace": "v"}); err == nil {
		t.Fatal("configJSON accepted a key without a namespace")
	}
}

func TestOOMWatcher(t *testing.T) {
	var out bytes.Buffer
	w := &oomWatcher{w: &out}
	// The marker split across two writes is still seen, and everything is forwarded.
	_, _ = w.Write([]byte("noise <--- Last few"))
	_, _ = w.Write([]byte(" GCs ---> more"))
	if !w.seen {
		t.Fatal("oom marker split across writes not seen")
	}
	if out.String() != "noise <--- Last few GCs ---> more" {
		t.Fatalf("forwarded %q", out.String())
	}
	quiet := &oomWatcher{w: &bytes.Buffer{}}
	_, _ = quiet.Write([]byte("Last few GCs without the arrows"))
	if quiet.seen {
		t.Fatal("oom reported without its marker")
	}
}
