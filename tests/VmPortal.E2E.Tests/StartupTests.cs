using System.Text.RegularExpressions;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests;

/// <summary>The portal as a user runs it: its own process, its own Azurite, and clear words when configuration is wrong.</summary>
public sealed partial class StartupTests : IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-proc-").FullName;

    [Fact]
    public async Task Ctrl_C_stops_the_portal_and_the_Azurite_it_started()
    {
        await using var portal = StartEmbedded();
        await portal.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(90));
        var azuritePid = AzuritePid(portal.Stdout);
        Assert.True(PortalProcess.IsAlive(azuritePid));

        portal.Interrupt();

        Assert.Equal(0, await portal.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(PortalProcess.IsAlive(azuritePid), "Azurite outlived the portal after Ctrl+C");
    }

    [Fact]
    public async Task A_killed_portal_leaves_no_Azurite_behind()
    {
        await using var portal = StartEmbedded();
        await portal.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(90));
        var azuritePid = AzuritePid(portal.Stdout);

        portal.KillHard();
        await portal.WaitForExitAsync(TimeSpan.FromSeconds(10));

        // The supervisor notices the missing parent within a second or two.
        await OperationWaits.WaitUntilAsync(() => Task.FromResult(PortalProcess.IsAlive(azuritePid)), alive => !alive, $"Azurite ({azuritePid}) to exit", TimeSpan.FromSeconds(10));
        Assert.False(PortalProcess.IsAlive(azuritePid), "Azurite outlived a killed portal");
    }

    [Fact]
    public async Task An_unwritable_data_folder_stops_start_up_with_one_line_naming_the_setting()
    {
        var blocker = Path.Combine(_dataPath, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        await using var portal = PortalProcess.Start($"--Portal:DataPath={Path.Combine(blocker, "data")}", "--Urls=http://127.0.0.1:0");

        Assert.Equal(1, await portal.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(portal.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("VmPortal cannot start:", line);
        Assert.Contains("Portal:DataPath", line);
        Assert.DoesNotContain("   at ", portal.Stdout + portal.Stderr);
    }

    [Fact]
    public async Task An_unreachable_storage_account_stops_start_up_with_one_line_naming_the_account()
    {
        var deadPort = FreePort.Next();
        await using var portal = PortalProcess.Start(
            $"--Portal:DataPath={_dataPath}", "--Urls=http://127.0.0.1:0",
            "--Storage:Accounts:0:Name=prodwest", "--Storage:Accounts:0:Location=West US",
            $"--Storage:Accounts:0:ConnectionString=DefaultEndpointsProtocol=http;AccountName=prodwest;AccountKey=a2V5a2V5;BlobEndpoint=http://127.0.0.1:{deadPort}/prodwest;");

        Assert.Equal(1, await portal.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var line = Assert.Single(portal.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'prodwest'", line);
        Assert.Contains("connection string", line);
        Assert.DoesNotContain("a2V5a2V5", portal.Stdout + portal.Stderr);
        Assert.DoesNotContain("   at ", portal.Stdout + portal.Stderr);
    }

    [Theory]
    [InlineData("Oracle", "Portal:DatabaseProvider is 'Oracle'; set it to Sqlite or PostgreSql.")]
    [InlineData("PostgreSql", "ConnectionStrings:Portal is not set")]
    public async Task A_database_setting_the_portal_cannot_use_stops_start_up_with_one_line_naming_it(string provider, string expected)
    {
        await using var portal = PortalProcess.Start($"--Portal:DataPath={_dataPath}", "--Urls=http://127.0.0.1:0", $"--Portal:DatabaseProvider={provider}");

        Assert.Equal(1, await portal.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(portal.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("VmPortal cannot start:", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", portal.Stdout + portal.Stderr);
    }

    [Fact]
    public async Task A_PostgreSQL_server_that_does_not_answer_stops_start_up_with_one_line_and_no_password()
    {
        await using var portal = PortalProcess.Start([.. EmbeddedArgs(), "--Portal:DatabaseProvider=PostgreSql",
            $"--ConnectionStrings:Portal=Host=127.0.0.1;Port={FreePort.Next()};Database=vmportal;Username=vmportal;Password=pg-s3cret-pw;Timeout=3"]);

        Assert.Equal(1, await portal.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var line = Assert.Single(portal.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("VmPortal cannot start: The database could not be prepared", line);
        Assert.Contains("ConnectionStrings:Portal", line);
        Assert.DoesNotContain("pg-s3cret-pw", portal.Stdout + portal.Stderr);
        Assert.DoesNotContain("   at ", portal.Stdout + portal.Stderr);
    }

    private PortalProcess StartEmbedded() => PortalProcess.Start(EmbeddedArgs());

    private string[] EmbeddedArgs() => [
        $"--Portal:DataPath={_dataPath}", "--Urls=http://127.0.0.1:0",
        $"--Storage:Azurite:Port={FreePort.Next()}", $"--Storage:Azurite:ToolsPath={RepoRoot.Path}"];

    private static int AzuritePid(string stdout) => int.Parse(AzuritePidPattern().Match(stdout).Groups[1].Value);

    [GeneratedRegex(@"Azurite started on .* \(pid (\d+)\)")]
    private static partial Regex AzuritePidPattern();

    public void Dispose()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }
}
