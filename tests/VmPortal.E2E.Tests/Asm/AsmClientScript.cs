using System.Diagnostics;
using System.Text.Json;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Asm;

/// <summary>
/// Runs a script of <c>tests/asm-client</c> with Node: the unmodified classic client <c>azure-asm-compute@0.18.0</c> that
/// <c>scripts/test.sh</c> installs there with <c>npm ci</c>. A missing client fails the test, it never skips it.
/// </summary>
internal static class AsmClientScript
{
    public const string ClientVersion = "0.18.0";

    public static string Folder { get; } = Path.Combine(RepoRoot.Path, "tests", "asm-client");

    /// <summary>Runs <paramref name="script"/> with <paramref name="settings"/> (as a JSON file) and returns what it printed, parsed.</summary>
    public static async Task<JsonElement> RunAsync(string script, object settings)
    {
        AssertClientInstalled();
        var settingsFile = Path.Combine(Path.GetTempPath(), $"vmportal-asm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settingsFile, JsonSerializer.Serialize(settings, JsonSerializerOptions.Web));
        try
        {
            var psi = new ProcessStartInfo("node") { WorkingDirectory = Folder };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(settingsFile);
            var run = await ChildProcess.RunAsync(psi, TimeSpan.FromMinutes(3));
            var output = run.Output;
            Assert.True(run.Succeeded, $"node {script} exited with {run.ExitCode}: {run.Errors}{output}");
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(settingsFile);
        }
    }

    private static void AssertClientInstalled()
    {
        var manifest = Path.Combine(Folder, "node_modules", "azure-asm-compute", "package.json");
        Assert.True(File.Exists(manifest),
            $"The classic ASM client is not installed: {manifest} is missing. Run 'npm ci --prefix tests/asm-client' (scripts/test.sh does).");
        var version = JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("version").GetString();
        Assert.True(version == ClientVersion, $"tests/asm-client has azure-asm-compute {version}; the tests need {ClientVersion} (npm ci --prefix tests/asm-client).");
    }

    /// <summary>The value of a step the script ran, asserting it succeeded.</summary>
    public static JsonElement Step(this JsonElement results, string name)
    {
        var step = results.GetProperty(name);
        Assert.True(step.GetProperty("ok").GetBoolean(), $"ASM step '{name}' failed: {step}");
        return step.GetProperty("value");
    }

    /// <summary>The error of a step the portal must have refused, asserting its status, ASM code and the portal code its message starts with.</summary>
    public static JsonElement Refusal(this JsonElement results, string name, int status, string asmCode, string portalCode)
    {
        var step = results.GetProperty(name);
        Assert.False(step.GetProperty("ok").GetBoolean(), $"ASM step '{name}' should have been refused: {step}");
        var error = step.GetProperty("error");
        Assert.Equal((status, asmCode), (error.GetProperty("statusCode").GetInt32(), error.GetProperty("code").GetString()));
        Assert.StartsWith($"{portalCode}: ", error.GetProperty("message").GetString());
        Assert.True(Guid.TryParse(error.GetProperty("requestId").GetString(), out _), $"No x-ms-request-id on the refusal of '{name}': {error}");
        return error;
    }
}
