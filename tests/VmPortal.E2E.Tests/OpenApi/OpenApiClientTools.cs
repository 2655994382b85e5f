using System.Diagnostics;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.OpenApi;

/// <summary>
/// The npm tools a scripter points at the document, from <c>tests/openapi-client</c> (its own <c>package.json</c> and lock,
/// installed by <c>scripts/test.sh</c> with <c>npm ci</c>): Redocly's linter, openapi-typescript and the TypeScript compiler.
/// A missing tool fails the test, it never skips it.
/// </summary>
internal static class OpenApiClientTools
{
    public static string Folder { get; } = Path.Combine(RepoRoot.Path, "tests", "openapi-client");

    public static string Redocly => Tool("@redocly/cli", "bin/cli.js");
    public static string OpenApiTypeScript => Tool("openapi-typescript", "bin/cli.js");
    public static string TypeScriptCompiler => Tool("typescript", "bin/tsc");

    private static string Tool(string package, string script)
    {
        var path = Path.Combine(Folder, "node_modules", package, script);
        Assert.True(File.Exists(path), $"{package} is not installed: {path} is missing. Run 'npm ci --prefix tests/openapi-client' (scripts/test.sh does).");
        return path;
    }

    /// <summary>Runs a Node script and returns its exit code and what it printed to standard output and error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> NodeAsync(string workingDirectory, string script, params string[] arguments)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add(script);
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        // No update checks or telemetry: CI has no network, and the answer must not depend on one.
        psi.Environment["REDOCLY_TELEMETRY"] = "off";
        psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        psi.Environment["NO_COLOR"] = "1";
        var run = await ChildProcess.RunAsync(psi, TimeSpan.FromMinutes(2));
        return (run.ExitCode, run.Output, run.Errors);
    }
}
