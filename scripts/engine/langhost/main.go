// Command pulumi-language-nodejs is a minimal Pulumi language host for Node.js programs.
//
// It stands in for the official host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3,
// which the Go module proxy does not serve) and only does what `pulumi preview/up/destroy` of a local Node
// program needs: serve the LanguageRuntime gRPC service and, on Run, spawn
// `node [nodeargs] <@pulumi/pulumi/cmd/run> --monitor ... <entry point>` the way the official host does.
// Behaviour that mirrors the official host (sdk/nodejs/cmd/pulumi-language-nodejs/main.go) is marked "mirrors:".
//
// Build (from this directory; put the binary on PATH or next to the `pulumi` binary):
//
//	GOFLAGS=-mod=mod go build -trimpath -o <bin-dir>/pulumi-language-nodejs .
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	sdkversion "github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// defaultVersion is reported by GetPluginInfo unless the build stamps
// github.com/pulumi/pulumi/sdk/v3/go/common/version.Version (as the CLI build does) or main.defaultVersion.
var defaultVersion = "3.259.0"

func pluginVersion() string {
	if v := strings.TrimPrefix(sdkversion.Version, "v"); v != "" {
		return v
	}
	return defaultVersion
}

const (
	// mirrors: defaultRunPath; the module is resolved from the program directory, overridable for tests.
	defaultRunPath = "@pulumi/pulumi/cmd/run"
	// mirrors: nodeJSProcessExitedAfterShowingUserActionableMessage. @pulumi/pulumi's cmd/run exits with 32
	// (nodeJSProcessExitedAfterLoggingUserActionableMessage) once it has already logged the error through the
	// engine; the host then answers Bail so the engine prints nothing more.
	exitCodeAlreadyReported = 32
)

func main() {
	tracing := flag.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	runtimeName := flag.String("runtime", "nodejs", "Runtime to use (only `nodejs` is supported)")
	showVersion := flag.Bool("version", false, "Print the plugin version and exit")
	// Accepted and ignored: flags that older hosts/engines passed.
	flag.String("root", "", "Project root path (ignored; the engine sends ProgramInfo)")
	flag.Bool("typescript", true, "Ignored; use the `typescript` runtime option in Pulumi.yaml")
	// The engine (plugin.go buildPluginArguments) passes `--logtostderr`, `-v=N` and `--tracing X` before the
	// engine address. --logtostderr and -v are glog flags, registered on flag.CommandLine by the sdk's logging package.
	if err := flag.CommandLine.Parse(dropUnknownFlags(os.Args[1:])); err != nil {
		cmdutil.Exit(err)
	}
	if *showVersion {
		fmt.Println(pluginVersion())
		return
	}
	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-nodejs", "pulumi-language-nodejs", *tracing)
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime: %s (this minimal host only supports nodejs)", *runtimeName))
	}

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1]
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	stop := make(chan bool)
	go func() { <-ctx.Done(); cancel(); close(stop) }()

	// mirrors: the host polls the engine's health service and shuts down if the engine goes away.
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
		}
	}

	host := newHost(engineAddress, *tracing)
	// ServeWithOptions listens on 127.0.0.1:0 and also registers the gRPC health and reflection services.
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.TracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	fmt.Printf("%d\n", handle.Port) // the engine reads the port from the first stdout line
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

// dropUnknownFlags removes flags that flag.CommandLine does not define, so an engine passing a flag this host does
// not know cannot crash it. A dropped flag's separate value (if any) stays as a positional argument; the engine
// address is therefore taken as the *last* positional argument.
func dropUnknownFlags(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			out = append(out, a)
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if flag.CommandLine.Lookup(name) == nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: ignoring unknown flag %s\n", a)
			continue
		}
		out = append(out, a)
	}
	return out
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
	tracing       string
	cancelCtx     context.Context // cancelled by the Cancel RPC
	cancelFunc    context.CancelFunc
}

func newHost(engineAddress, tracing string) *nodeHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &nodeHost{engineAddress: engineAddress, tracing: tracing, cancelCtx: ctx, cancelFunc: cancel}
}

// nodeOptions are the Pulumi.yaml `runtime.options` this host honours.
type nodeOptions struct {
	typescript   bool   // default true: the SDK registers ts-node (PULUMI_NODEJS_TYPESCRIPT=true)
	tsconfigpath string // -> PULUMI_NODEJS_TSCONFIG_PATH
	nodeargs     string // extra node arguments, placed before the run script
}

// mirrors: parseOptions (same option names, defaults and error messages). `packagemanager` is accepted but only
// matters to InstallDependencies, which this host does not implement.
func parseOptions(opts map[string]any) (nodeOptions, error) {
	o := nodeOptions{typescript: true}
	if v, ok := opts["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return o, errors.New("typescript option must be a boolean")
		}
		o.typescript = b
	}
	if v, ok := opts["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("tsconfigpath option must be a string")
		}
		o.tsconfigpath = s
	}
	if v, ok := opts["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("nodeargs option must be a string")
		}
		o.nodeargs = s
	}
	return o, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pluginVersion()}, nil
}

// Handshake is only sent by the engine when it attaches to an already-running host (PULUMI_DEBUG_LANGUAGES);
// a spawned host gets the engine address on its command line. mirrors: it records the engine address.
func (h *nodeHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetRequiredPackages deliberately reports nothing. The official host walks node_modules for packages whose
// package.json has "pulumi": {"resource": true} and the engine would then install those plugins; this project only
// uses dynamic providers, whose plugin (pulumi-resource-pulumi-nodejs) is bundled next to the CLI.
func (h *nodeHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// GetRequiredPlugins is the deprecated predecessor of GetRequiredPackages; answer it the same way.
func (h *nodeHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return nil, status.Error(codes.InvalidArgument, "RunRequest.Info is required (engine too old?)")
	}
	if h.engineAddress == "" {
		return nil, errors.New("no engine address: pass it on the command line or call Handshake before Run")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not find node on the $PATH: %s", err)}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH") // mirrors: test override
	if runPath == "" {
		runPath = defaultRunPath
	}
	if runPath, err = locateModule(ctx, nodeBin, runPath, info.GetProgramDirectory(), "pulumi install"); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	nodeArgs, err := splitArgs(opts.nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	cfg, err := configJSON(req.GetConfig())
	if err != nil {
		return &pulumirpc.RunResponse{Error: "failed to serialize configuration: " + err.Error()}, nil
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return &pulumirpc.RunResponse{Error: "failed to serialize configuration secret keys: " + err.Error()}, nil
	}

	env := append(os.Environ(), "PULUMI_CONFIG="+cfg, "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigpath)
	}

	// mirrors: constructArguments. Flags are those parsed by @pulumi/pulumi/cmd/run/index.js (minimist, stopEarly):
	// --pwd is the *program directory* (not RunRequest.Pwd), --parallel is always sent, the entry point (the engine
	// sends "." when Pulumi.yaml has no `main`) comes next, then the program's own args.
	// Not done (deliberately): the official host interposes a transparent ResourceMonitor proxy and passes
	// `--sync <dir>` for synchronous invokes; @pulumi/pulumi 3.270 no longer uses the sync pipes, so the node
	// process talks to the engine's monitor directly.
	args := append(nodeArgs, runPath)
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", info.GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("tracing", h.tracing)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	logging.V(5).Infof("Language host launching process: %s %s", nodeBin, strings.Join(args, " "))

	// Stop node on the Cancel RPC or when the engine abandons the Run call.
	cmd, release := h.nodeCommand(ctx, nodeBin, args)
	defer release()
	cmd.Env = env
	// mirrors: wrap os.Stdout/os.Stderr so exec copies through a goroutine; node may switch an inherited fd to
	// non-blocking mode, which breaks the host's own later writes (golang/go#58408).
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	oom := &oomWatcher{w: os.Stderr}
	cmd.Stderr = oom

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Problem executing program (could not run language executor): %s", err),
			}, nil
		}
		switch code := exitErr.ExitCode(); code {
		case exitCodeAlreadyReported:
			return &pulumirpc.RunResponse{Bail: true}, nil
		case 0:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %s", exitErr)}, nil
		default:
			msg := fmt.Sprintf("Program exited with non-zero exit code: %d", code)
			if oom.seen {
				msg += ". Detected a possible out of memory error. Consider increasing the memory available to " +
					"the nodejs process with the `nodeargs` runtime option, e.g. `nodeargs: --max-old-space-size=<MB>`"
			}
			return &pulumirpc.RunResponse{Error: msg}, nil
		}
	}
	return &pulumirpc.RunResponse{}, nil
}

// nodeCommand is `node args...`, stopped when ctx ends or on the Cancel RPC: SIGINT, then SIGKILL after 5s. Call
// release once the command is done.
func (h *nodeHost) nodeCommand(ctx context.Context, nodeBin string, args []string) (cmd *exec.Cmd, release func()) {
	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	stopWatch := context.AfterFunc(ctx, cmdCancel)
	cmd = exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	return cmd, func() { stopWatch(); cmdCancel() }
}

func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// mirrors: constructConfig. Keys "ns:name" are sent to the SDK in the legacy "ns:config:name" form (the SDK accepts
// both); PULUMI_CONFIG is always a JSON object.
func configJSON(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", err
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}
