package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// fakeRunPolicyPack stands in for @pulumi/pulumi/cmd/run-policy-pack: it reports what it was started with on stderr
// (one JSON line), announces the port of the test's fake analyzer as its first stdout line (as @pulumi/policy's
// server does with its own port), then stays up until the host stops it.
const fakeRunPolicyPack = `const report = { argv: process.argv.slice(2), cwd: process.cwd(),
  stack: process.env.PULUMI_NODEJS_STACK, project: process.env.PULUMI_NODEJS_PROJECT,
  dryRun: process.env.PULUMI_NODEJS_DRY_RUN, config: process.env.PULUMI_CONFIG,
  typescript: process.env.PULUMI_NODEJS_TYPESCRIPT };
process.stdout.write(process.env.FAKE_ANALYZER_PORT + "\n");
process.stdout.write("pack says hello\n");
process.stderr.write("REPORT " + JSON.stringify(report) + "\n");
setInterval(() => {}, 1000);
`

type fakeAnalyzer struct {
	pulumirpc.UnimplementedAnalyzerServer
	mu         sync.Mutex
	configured *pulumirpc.AnalyzerStackConfigureRequest
}

func (f *fakeAnalyzer) ConfigureStack(
	_ context.Context, req *pulumirpc.AnalyzerStackConfigureRequest,
) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.configured = req
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

func (f *fakeAnalyzer) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	return &pulumirpc.AnalyzerInfo{Name: "fake-pack"}, nil
}

// serve starts a gRPC server on 127.0.0.1 with the given registration and returns its address.
func serve(t *testing.T, register func(*grpc.Server)) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	register(srv)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

func dial(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// needNode puts a node on PATH for RunPlugin: the machine's, else the project's .tools/node (bootstrap).
func needNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err == nil {
		return
	}
	bin, _ := filepath.Abs("../../../.tools/node/bin")
	if _, err := os.Stat(filepath.Join(bin, "node")); err != nil {
		t.Fatalf("RunPlugin tests need node: none on PATH and none in %s (run npm run bootstrap)", bin)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// packDir makes a policy pack directory whose node_modules resolves @pulumi/pulumi/cmd/run-policy-pack to the fake.
func packDir(t *testing.T, script string) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(dir, "node_modules", "@pulumi", "pulumi")
	if err := os.MkdirAll(filepath.Join(mod, "cmd", "run-policy-pack"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		filepath.Join(mod, "package.json"):                       `{"name":"@pulumi/pulumi","version":"3.270.0"}`,
		filepath.Join(mod, "cmd", "run-policy-pack", "index.js"): script,
		filepath.Join(dir, "PulumiPolicy.yaml"):                  "runtime: nodejs\n",
	}
	for p, body := range files {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRunPluginPolicyPack(t *testing.T) {
	needNode(t)
	analyzer := &fakeAnalyzer{}
	analyzerAddr := serve(t, func(s *grpc.Server) { pulumirpc.RegisterAnalyzerServer(s, analyzer) })
	_, analyzerPort, _ := net.SplitHostPort(analyzerAddr)
	hostAddr := serve(t, func(s *grpc.Server) { pulumirpc.RegisterLanguageRuntimeServer(s, newHost("127.0.0.1:9", "")) })
	dir := packDir(t, fakeRunPolicyPack)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts, _ := structpb.NewStruct(map[string]any{"typescript": false})
	stream, err := pulumirpc.NewLanguageRuntimeClient(dial(t, hostAddr)).RunPlugin(ctx, &pulumirpc.RunPluginRequest{
		Pwd:  os.TempDir(),
		Args: []string{"--logtostderr", "127.0.0.1:9"}, // what the engine sends: its flags, then its address
		Env:  append(os.Environ(), "FAKE_ANALYZER_PORT="+analyzerPort),
		Info: &pulumirpc.ProgramInfo{RootDirectory: dir, ProgramDirectory: dir, EntryPoint: ".", Options: opts},
		Kind: "analyzer",
	})
	if err != nil {
		t.Fatal(err)
	}

	var stdout, stderr strings.Builder
	recvUntil := func(done func() bool) {
		t.Helper()
		for !done() {
			msg, err := stream.Recv()
			if err != nil {
				t.Fatalf("stream ended early (%v); stdout %q, stderr %q", err, stdout.String(), stderr.String())
			}
			stdout.Write(msg.GetStdout())
			stderr.Write(msg.GetStderr())
		}
	}

	// 1. The plugin's first stdout line is the proxy's port: the engine talks to the proxy, not to node.
	recvUntil(func() bool { return strings.Contains(stdout.String(), "\n") })
	proxyPort, err := strconv.Atoi(strings.TrimSpace(stdout.String()))
	if err != nil || strconv.Itoa(proxyPort) == analyzerPort {
		t.Fatalf("first stdout line %q: want the proxy's port (not the pack's %s)", stdout.String(), analyzerPort)
	}
	proxy := pulumirpc.NewAnalyzerClient(dial(t, fmt.Sprintf("127.0.0.1:%d", proxyPort)))

	// 2. The engine's ConfigureStack starts node with the stack in its environment and is forwarded to the pack.
	cfg := &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "prod", Project: "shop", Organization: "acme", DryRun: true,
		Config: map[string]string{"shop:region": "eu"},
	}
	if _, err := proxy.ConfigureStack(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	info, err := proxy.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil || info.GetName() != "fake-pack" {
		t.Fatalf("GetAnalyzerInfo through the proxy = %v, %v; want the pack's answer", info, err)
	}
	analyzer.mu.Lock()
	forwarded := analyzer.configured
	analyzer.mu.Unlock()
	if forwarded.GetStack() != "prod" || forwarded.GetConfig()["shop:region"] != "eu" {
		t.Fatalf("ConfigureStack forwarded to the pack = %v", forwarded)
	}

	// 3. What node was started with, and the pack's later stdout relayed after the port line.
	recvUntil(func() bool {
		return strings.Contains(stderr.String(), "\n") && strings.Contains(stdout.String(), "pack says hello")
	})
	line := strings.TrimSpace(stderr.String())
	var got struct {
		Argv                                            []string
		Cwd, Stack, Project, DryRun, Config, Typescript string
	}
	if !strings.HasPrefix(line, "REPORT ") || json.Unmarshal([]byte(strings.TrimPrefix(line, "REPORT ")), &got) != nil {
		t.Fatalf("stderr %q: want the fake's REPORT line", stderr.String())
	}
	if want := []string{"--logtostderr", "127.0.0.1:9", dir}; strings.Join(got.Argv, " ") != strings.Join(want, " ") {
		t.Errorf("argv = %q, want %q (engine args, then the pack directory last)", got.Argv, want)
	}
	if got.Cwd != dir {
		t.Errorf("cwd = %q, want the pack directory %q", got.Cwd, dir)
	}
	if got.Stack != "prod" || got.Project != "shop" || got.DryRun != "true" || got.Config != `{"shop:region":"eu"}` {
		t.Errorf("environment = %+v, want the ConfigureStack values", got)
	}
	if got.Typescript != "" {
		t.Errorf("PULUMI_NODEJS_TYPESCRIPT = %q with typescript: false", got.Typescript)
	}
}

func TestRunPluginPolicyPackWithoutSDK(t *testing.T) {
	needNode(t)
	hostAddr := serve(t, func(s *grpc.Server) { pulumirpc.RegisterLanguageRuntimeServer(s, newHost("127.0.0.1:9", "")) })
	dir := t.TempDir() // no node_modules
	stream, err := pulumirpc.NewLanguageRuntimeClient(dial(t, hostAddr)).RunPlugin(context.Background(),
		&pulumirpc.RunPluginRequest{
			Args: []string{"127.0.0.1:9"}, Env: os.Environ(), Kind: "analyzer",
			Info: &pulumirpc.ProgramInfo{RootDirectory: dir, ProgramDirectory: dir, EntryPoint: "."},
		})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err = stream.Recv(); err != nil {
			break
		}
	}
	if want := "Have you run npm install in " + dir + "?"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("RunPlugin error = %v, want one containing %q", err, want)
	}
}

func TestPolicyPackEnv(t *testing.T) {
	env, err := policyPackEnv(&pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev", DryRun: false})
	if err != nil {
		t.Fatal(err)
	}
	// Empty values are left out; dry run is always set; no config means no PULUMI_CONFIG.
	if want := "PULUMI_NODEJS_STACK=dev PULUMI_NODEJS_DRY_RUN=false"; strings.Join(env, " ") != want {
		t.Fatalf("policyPackEnv = %q, want %q", env, want)
	}
	if env, _ := policyPackEnv(nil); env != nil {
		t.Fatalf("policyPackEnv(nil) = %q, want nothing", env)
	}
}
