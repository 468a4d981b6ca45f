package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// locateModule resolves a module (e.g. @pulumi/pulumi/cmd/run) with Node's own resolution, starting from the
// program directory. mirrors: locateModule (a one-line `node -e` script run with cwd = program directory; one
// line because Volta's Windows shims mangle newlines, pulumi#16393; same "not installed" message, which asks for
// `install`: "pulumi install" for programs, "npm install in <dir>" for plugins).
func locateModule(ctx context.Context, nodeBin, mod, programDir, install string) (string, error) {
	script := fmt.Sprintf(`try { console.log(require.resolve(%q)); } catch (error) {`+
		` if (error.code === 'MODULE_NOT_FOUND') {`+
		` console.error(%q) }`+
		` else { console.error(error.message); } process.exit(1); }`, mod,
		"It looks like the Pulumi SDK has not been installed. Have you run "+install+"?")
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script)
	cmd.Dir = programDir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// splitArgs splits the `nodeargs` option like a POSIX shell would (whitespace, '...' and "..." quoting, backslash
// escapes), standing in for github.com/google/shlex, which the official host uses.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg, quote, escaped := false, rune(0), false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inArg = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("nodeargs: unterminated quote or escape in %q", s)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// oomWatcher forwards node's stderr and notes V8's out-of-memory banner. mirrors: oomSniffer (same two markers).
type oomWatcher struct {
	w    io.Writer
	tail []byte // last bytes of the previous write, so a marker split across writes is still seen
	seen bool
}

var oomMarkers = [][]byte{
	[]byte("<--- Last few GCs --->"),
	// An OOM can surface as this debugger assertion instead (pulumi#16596).
	[]byte("Check failed: needs_context && current_scope_ == closure_scope_"),
}

func (o *oomWatcher) Write(p []byte) (int, error) {
	if !o.seen {
		buf := append(o.tail, p...)
		for _, m := range oomMarkers {
			if bytes.Contains(buf, m) {
				o.seen = true
			}
		}
		if n := 80; len(buf) > n {
			buf = buf[len(buf)-n:]
		}
		o.tail = append([]byte(nil), buf...)
	}
	return o.w.Write(p)
}

// About reports the node executable and version. (The official host also reports the package manager.)
func (h *nodeHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find executable \"node\": %w", err)
	}
	resp := &pulumirpc.AboutResponse{Executable: nodeBin, Metadata: map[string]string{"packagemanager": "npm"}}
	if out, err := exec.CommandContext(ctx, nodeBin, "--version").Output(); err == nil {
		resp.Version = strings.TrimSpace(string(out)) // mirrors: a failing `node --version` is not an error
	}
	return resp, nil
}

// GetProgramDependencies (used by `pulumi about`) returns no dependencies; the official host asks the package
// manager (`npm ls`), which this minimal host does not shell out to.
func (h *nodeHost) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// RuntimeOptionsPrompts (used by `pulumi new`) asks for nothing.
func (h *nodeHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// Template (used by `pulumi new`) has nothing to do. mirrors: the official host's no-op.
func (h *nodeHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// InstallDependencies (`pulumi install`, `pulumi new`) is refused rather than silently skipped: this host never runs
// a package manager. Install node_modules yourself (npm ci).
func (h *nodeHost) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return status.Error(codes.Unimplemented,
		"this minimal pulumi-language-nodejs does not install dependencies; run `npm ci` in the project yourself")
}
