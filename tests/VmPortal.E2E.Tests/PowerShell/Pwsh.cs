using System.Diagnostics;
using System.Text.Json;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.PowerShell;

/// <summary>
/// Real PowerShell (the repository's tool manifest, <c>dotnet pwsh</c>) running a script with the built module. Each run
/// gets its own data, config and cache folders (XDG), so repositories registered and modules installed stay in the test.
/// </summary>
internal static class Pwsh
{
    /// <summary>The built module's manifest, of the configuration the tests were built in.</summary>
    public static string Module
    {
        get
        {
            var path = Path.Combine(RepoRoot.Path, "src", "VmPortal.PowerShell", "bin", Configuration, "net10.0", "VmPortal.psd1");
            Assert.True(File.Exists(path), $"Build the solution first: {path} is missing.");
            return path;
        }
    }

    public static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>Runs <paramref name="body"/> after importing the module (and connecting, when <paramref name="connect"/> is given).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string body, string? connect = null, bool importModule = true)
    {
        var home = Directory.CreateTempSubdirectory("vmportal-pwsh-").FullName;
        var script = Path.Combine(home, "script.ps1");
        await File.WriteAllTextAsync(script, $"""
            $ErrorActionPreference = 'Stop'
            $PSStyle.OutputRendering = 'PlainText'
            {(importModule ? $"Import-Module '{Module}'" : "")}
            {connect}
            {body}
            """);
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot.Path };
        foreach (var arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script }) psi.ArgumentList.Add(arg);
        foreach (var (variable, folder) in new[] { ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache") })
            psi.Environment[variable] = Directory.CreateDirectory(Path.Combine(home, folder)).FullName;
        psi.Environment["NO_COLOR"] = "1";
        var run = await ChildProcess.RunAsync(psi, TimeSpan.FromMinutes(4));
        try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        return (run.ExitCode, run.Output + run.Errors);
    }

    /// <summary>Runs a script whose last output is <c>ConvertTo-Json</c> of its findings, and parses them.</summary>
    public static async Task<JsonElement> JsonAsync(string body, string? connect = null)
    {
        var (exitCode, output) = await RunAsync(body + "\n'<<<json'\n$results | ConvertTo-Json -Depth 6", connect);
        Assert.True(exitCode == 0, output);
        var start = output.LastIndexOf("<<<json", StringComparison.Ordinal);
        Assert.True(start >= 0, output);
        return JsonDocument.Parse(output[(start + "<<<json".Length)..]).RootElement.Clone();
    }

    public static string Connect(Uri portal, string user, string password) => $$"""
        $credential = [pscredential]::new('{{user}}', (ConvertTo-SecureString '{{password}}' -AsPlainText -Force))
        Connect-VmPortal -Uri '{{portal}}' -Credential $credential
        """;
}
