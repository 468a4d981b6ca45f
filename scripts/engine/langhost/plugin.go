package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	// mirrors: the module the official host starts policy packs (plugin kind "analyzer") with. Since engine 3.169
	// `pulumi preview --policy-pack DIR` starts a Node.js pack through the language host's RunPlugin instead of the
	// old `pulumi-analyzer-policy` shim script.
	policyPackRunPath = "@pulumi/pulumi/cmd/run-policy-pack"
	// mirrors: the module other Node.js plugins (PulumiPlugin.yaml: resource, converter, tool) start with.
	pluginRunPath = "@pulumi/pulumi/cmd/run-plugin"
)

// RunPlugin runs a plugin written in Node.js: the engine hands over a directory with PulumiPolicy.yaml (a policy pack)
// or PulumiPlugin.yaml, and this host starts node on it, streaming its stdout and stderr back over the RPC stream.
// mirrors: RunPlugin of the official host (sdk/nodejs/cmd/pulumi-language-nodejs/main.go), including the policy
// proxy: a policy pack of @pulumi/policy reads its stack (name, config, dry run) from the environment at start, but
// the engine only sends it afterwards in the Analyzer's ConfigureStack call. So for kind "analyzer" the host first
// serves the engine itself (sdk.NewPolicyProxy prints the proxy's port as the plugin's first stdout line), waits for
// ConfigureStack, starts node with PULUMI_NODEJS_STACK, PULUMI_CONFIG and friends set, and then relays every
// Analyzer call to the pack's own gRPC server.
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	info := req.GetInfo()
	if info == nil {
		return status.Error(codes.InvalidArgument, "RunPluginRequest.Info is required (engine too old?)")
	}
	if req.GetAttachDebugger() {
		// Deliberately not mirrored: the official host asks the engine to attach a debugger (StartDebugging).
		return status.Error(codes.Unimplemented, "this minimal pulumi-language-nodejs cannot attach a debugger to a plugin")
	}
	logging.V(5).Infof("Attempting to run nodejs plugin in %s", info.GetProgramDirectory())
	ctx := server.Context()

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close() // best effort; the explicit Close at the end reports its error

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return err
	}
	env := append([]string(nil), req.GetEnv()...)
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigpath)
	}

	isPolicyPack := req.GetKind() == string(apitype.AnalyzerPlugin)
	runPath := policyPackRunPath
	if !isPolicyPack {
		if runPath = os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); runPath == "" {
			runPath = pluginRunPath
		}
	}
	// mirrors: resolved from the plugin's own directory (a pack brings its own node_modules), and a missing module
	// asks for `npm install in <dir>`.
	runPath, err = locateModule(ctx, nodeBin, runPath, info.GetProgramDirectory(),
		"npm install in "+info.GetProgramDirectory())
	if err != nil {
		return err
	}
	nodeArgs, err := splitArgs(opts.nodeargs)
	if err != nil {
		return err
	}
	// Deliberately differs: `nodeargs` go before the script, as in Run, so that node takes them (the official host puts
	// them after the script, where node hands them to the script as its own arguments).
	args := append(nodeArgs, runPath)
	// mirrors: a policy pack takes its directory as the *last* argument (after the engine address), other plugins
	// take it first.
	if isPolicyPack {
		args = append(append(args, req.GetArgs()...), info.GetProgramDirectory())
	} else {
		args = append(append(args, info.GetProgramDirectory()), req.GetArgs()...)
	}

	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		if proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout); err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		cfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		extra, err := policyPackEnv(cfg)
		if err != nil {
			return err
		}
		env = append(env, extra...)
	}

	// Stop node when the engine ends the stream (it cancels the call once it is done with the plugin) or on the
	// Cancel RPC, as Run does.
	cmd, release := h.nodeCommand(ctx, nodeBin, args)
	defer release()
	// mirrors: a policy pack runs in its own directory (as the old shim did), other plugins in the engine's.
	if isPolicyPack {
		cmd.Dir = info.GetProgramDirectory()
	} else {
		cmd.Dir = req.GetPwd()
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	logging.V(5).Infof("Constructed NodeJS command to run: %s", cmd)

	run := func() error {
		if err := cmd.Start(); err != nil {
			return err
		}
		if proxy != nil {
			// Reads the pack's port from its first stdout line, relays the rest of stdout, forwards ConfigureStack
			// and then every Analyzer call, until node exits.
			if err := proxy.Attach(ctx, cmd); err != nil {
				return fmt.Errorf("could not attach policy pack proxy: %w", err)
			}
			return nil
		}
		return cmd.Wait()
	}
	if err := run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
				return fmt.Errorf("Program exited with non-zero exit code: %d", ws.ExitStatus())
			}
			return fmt.Errorf("Program exited unexpectedly: %w", exitErr)
		}
		return fmt.Errorf("Problem executing plugin program (could not run language executor): %w", err)
	}
	return closer.Close()
}

// policyPackEnv is what a policy pack learns from the engine's ConfigureStack before it starts. mirrors: the official
// host's variables (empty values left out; PULUMI_CONFIG is the stack config as a JSON object). A nil request (the
// engine asked something else first, e.g. `pulumi policy publish`) sets nothing.
func policyPackEnv(cfg *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if cfg == nil {
		return nil, nil
	}
	var env []string
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", cfg.GetOrganization())
	add("PULUMI_NODEJS_PROJECT", cfg.GetProject())
	add("PULUMI_NODEJS_STACK", cfg.GetStack())
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(cfg.GetDryRun()))
	if cfg.GetConfig() != nil {
		b, err := json.Marshal(cfg.GetConfig())
		if err != nil {
			return nil, fmt.Errorf("could not marshal stack configuration: %w", err)
		}
		add("PULUMI_CONFIG", string(b))
	}
	return env, nil
}
