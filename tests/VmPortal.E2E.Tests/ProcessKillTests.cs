using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using VmPortal.Core;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The crash matrix's simulated deaths, once for real: a portal process killed with SIGKILL in the middle of a deploy, started
/// again on the same data folder. The deploy ends all done or all undone, and the storage health check finds nothing.
/// </summary>
public sealed partial class ProcessKillTests : IDisposable
{
    private const string Password = "Kill-Tests-Pa55!";
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-kill-").FullName;
    private readonly int _azuritePort = FreePort.Next();

    [Fact]
    public async Task A_deploy_cut_short_by_a_killed_portal_ends_all_done_or_all_undone_and_storage_stays_healthy()
    {
        string id;
        await using (var first = Start())
        {
            using var http = await SignInAsync(first);
            using var response = await http.PostJsonAsync("/api/cloud-services/killed/vms", new
            {
                name = "k1", imageName = "Ubuntu-Server-14.04-LTS", instanceSize = "Small", location = "West US", waitForBoot = true,
                provisioning = new { computerName = "k1", adminUserName = "opsadmin", adminPassword = "Kill-Pa55word!" },
            });
            id = (await response.JsonAsync(System.Net.HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
            // Killed once the work is under way: past the queueing, before the guest is ready.
            var running = await OperationWaits.WaitUntilAsync(() => http.GetJsonAsync($"/api/operations/{id}"),
                o => o.GetProperty("progress").GetInt32() > 0 || o.GetProperty("status").GetString() != "InProgress", "the deploy to start", TimeSpan.FromSeconds(60));
            Assert.Equal("InProgress", running.GetProperty("status").GetString());
            first.KillHard();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await WaitForItsAzuriteToExitAsync(first);
        }

        await using var second = Start();
        using var again = await SignInAsync(second);
        var done = await OperationPolling.UntilFinishedAsync(again, id);
        var status = done.GetProperty("status").GetString();
        using (var vm = await again.GetAsync("/api/cloud-services/killed/vms/k1"))
        {
            if (status == "Succeeded") Assert.Equal("ReadyRole", (await vm.JsonAsync(System.Net.HttpStatusCode.OK)).GetProperty("status").GetString());
            else Assert.Equal(System.Net.HttpStatusCode.NotFound, vm.StatusCode); // rolled back: no VM, no half-made disk
        }
        var health = await again.GetJsonAsync("/api/storage/health");
        Assert.True(health.GetProperty("problems").GetArrayLength() == 0, $"after the deploy ended {status}: {health}");
        Assert.True(health.GetProperty("blobs").GetInt32() > 0, "the check read no blobs: it proves nothing");
    }

    [Fact]
    public async Task A_blob_written_just_before_the_portal_was_killed_is_still_there_when_it_starts_again()
    {
        // Azurite saves what it holds every five seconds and when it shuts down. A request it answers after the portal died
        // (a copy in flight at the kill) is logged to a pipe nobody reads any more: that must not end it before it saves.
        var account = EmbeddedStorageAccounts.LoadOrCreate(new PortalPaths(_dataPath))[0].Account;
        var container = new BlobContainerClient(AzuriteProcess.ConnectionStringFor("127.0.0.1", _azuritePort, account), "kill-tests");
        var blob = container.GetBlobClient("written-just-before.txt");
        await using (var first = Start())
        {
            using var http = await SignInAsync(first);
            await container.CreateIfNotExistsAsync();
            await blob.UploadAsync(BinaryData.FromString("still here"));
            first.KillHard();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            Assert.True(await blob.ExistsAsync(), "the blob was not there the moment the portal died");
            await WaitForItsAzuriteToExitAsync(first);
        }

        await using var second = Start();
        using var again = await SignInAsync(second);
        Assert.Equal("still here", (await blob.DownloadContentAsync()).Value.Content.ToString());
        var health = await again.GetJsonAsync("/api/storage/health");
        Assert.True(health.GetProperty("problems").GetArrayLength() == 0, $"after the restart: {health}");
    }

    private static async Task WaitForItsAzuriteToExitAsync(PortalProcess killed)
    {
        var azurite = int.Parse(AzuritePid().Match(killed.Stdout).Groups[1].Value);
        await OperationWaits.WaitUntilAsync(() => Task.FromResult(PortalProcess.IsAlive(azurite)), alive => !alive,
            "the killed portal's Azurite to exit", TimeSpan.FromSeconds(15));
    }

    private PortalProcess Start() => PortalProcess.Start(
        $"--Portal:DataPath={_dataPath}", "--Urls=http://127.0.0.1:0", "--Portal:SeedDemoData=false",
        $"--Storage:Azurite:Port={_azuritePort}", $"--Storage:Azurite:ToolsPath={RepoRoot.Path}",
        "--Portal:BootstrapAdmin:UserName=admin", $"--Portal:BootstrapAdmin:Password={Password}",
        // Fast enough for a test, slow enough that the deploy is still running when the portal dies; a short lease, so the
        // new process picks the deploy up at once.
        "--Fabric:Speed=20", "--Operations:Lease=00:00:03", "--Operations:PollInterval=00:00:00.250");

    private static async Task<HttpClient> SignInAsync(PortalProcess portal)
    {
        await portal.WaitForOutputAsync("Now listening on: ", TimeSpan.FromSeconds(90));
        var http = new HttpClient { BaseAddress = new Uri(ListeningOn().Match(portal.Stdout).Groups[1].Value.Trim()) };
        using var token = await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = Password });
        Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
        var bearer = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }

    [GeneratedRegex(@"Now listening on: (\S+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"Azurite started on .* \(pid (\d+)\)")]
    private static partial Regex AzuritePid();

    public void Dispose()
    {
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }
}
