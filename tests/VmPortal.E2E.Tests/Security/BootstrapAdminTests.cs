using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Security;

/// <summary>The first administrator, as a user meets it: the portal run as its own process on a fresh data folder.</summary>
public sealed partial class BootstrapAdminTests : IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-admin-").FullName;

    [Fact]
    public async Task A_first_run_prints_the_generated_admin_password_once_on_one_line_and_it_signs_in()
    {
        string password;
        await using (var first = Start())
        {
            await first.WaitForOutputAsync("Now listening on: ", TimeSpan.FromSeconds(90));
            var line = Assert.Single(first.Stdout.Split('\n'), l => l.Contains("first administrator", StringComparison.Ordinal));
            password = AdminPassword().Match(line).Groups[1].Value;
            Assert.True(password.Length >= 16, line);
            Assert.Single(AdminPassword().Matches(first.Stdout));
            Assert.DoesNotContain(password, first.Stderr);

            using var http = new HttpClient { BaseAddress = new Uri(ListeningOn().Match(first.Stdout).Groups[1].Value.Trim()) };
            using var token = await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password });
            Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
            var text = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
            Assert.StartsWith("vmp_", text);
            first.Interrupt();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await using var second = Start();
        await second.WaitForOutputAsync("Now listening on: ", TimeSpan.FromSeconds(90));
        Assert.DoesNotContain("first administrator", second.Stdout);
        Assert.DoesNotContain(password, second.Stdout + second.Stderr);
    }

    [Fact]
    public async Task A_configured_admin_password_too_weak_stops_start_up_with_one_line_naming_the_setting()
    {
        await using var portal = Start("--Portal:BootstrapAdmin:UserName=boss", "--Portal:BootstrapAdmin:Password=weak");

        Assert.Equal(1, await portal.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var line = Assert.Single(portal.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("VmPortal cannot start:", line);
        Assert.Contains("Portal:BootstrapAdmin:Password", line);
        Assert.DoesNotContain("weak,", line);
    }

    private PortalProcess Start(params string[] more) => PortalProcess.Start(
        [$"--Portal:DataPath={_dataPath}", "--Urls=http://127.0.0.1:0", "--Portal:SeedDemoData=false",
         $"--Storage:Azurite:Port={FreePort.Next()}", $"--Storage:Azurite:ToolsPath={RepoRoot.Path}", .. more]);

    [GeneratedRegex(@"first administrator 'admin' with the password (\S+) ")]
    private static partial Regex AdminPassword();

    [GeneratedRegex(@"Now listening on: (\S+)")]
    private static partial Regex ListeningOn();

    public void Dispose()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }
}
