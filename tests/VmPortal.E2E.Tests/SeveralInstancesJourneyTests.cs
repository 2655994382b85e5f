using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests;

/// <summary>
/// Two real portal processes behind one PostgreSQL database and one Azurite, as a load balancer would run them: a sign-in
/// cookie and a token from one work on the other, a capture requested on A shows live on a page served by B, and when A
/// is killed mid-capture B takes the capture over once A's lease lapses and rolls it back.
/// </summary>
public sealed partial class SeveralInstancesJourneyTests : IAsyncLifetime
{
    private const string Password = "Several-Instances-2031!";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private readonly AzuriteFixture _azurite = new();
    private readonly Browser _browser = new();
    private PortalDatabase _database = null!;
    private PortalProcess _a = null!;
    private PortalProcess _b = null!;
    private Uri _aAddress = null!;
    private Uri _bAddress = null!;
    private readonly List<string> _dataPaths = [];

    public async ValueTask InitializeAsync()
    {
        await _azurite.InitializeAsync();
        await _browser.InitializeAsync();
        _database = await TestDatabaseServer.CreateAsync(DatabaseProvider.PostgreSql);
        // One after the other, as a rolling start would: A migrates and seeds, B joins what A made.
        (_a, _aAddress) = await StartAsync("a", TimeSpan.FromSeconds(1));
        // B looks for queued work rarely, so the capture A is asked for is A's; it still takes over A's work once the lease lapses.
        (_b, _bAddress) = await StartAsync("b", TimeSpan.FromSeconds(4));
    }

    public async ValueTask DisposeAsync()
    {
        if (_b is not null) await _b.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
        await _browser.DisposeAsync();
        await _azurite.DisposeAsync();
        if (_database is not null) await TestDatabaseServer.DropAsync(_database);
        foreach (var path in _dataPaths)
        {
            try { Directory.Delete(path, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_capture_asked_of_A_shows_live_on_B_and_B_rolls_it_back_after_A_is_killed_mid_capture()
    {
        // Signed in on A; the same browser, on B, is signed in too: the cookie opens with the shared key ring.
        var page = await _browser.NewAnonymousPageAsync(_aAddress);
        await page.SignInAsync("admin", Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(_bAddress, "/operations").ToString());
        await page.WaitForInteractiveAsync();
        Assert.EndsWith("/operations", new Uri(page.Url).AbsolutePath);
        Assert.Equal(_bAddress.Port, new Uri(page.Url).Port);

        // A token made on A is good on B.
        using var onA = await ClientAsync(_aAddress, token: null);
        using var onB = await ClientAsync(_bAddress, token: onA.DefaultRequestHeaders.Authorization!.Parameter);
        var vm = (await onB.GetJsonAsync("/api/cloud-services/contoso-web/vms/web01")).S("status");
        Assert.Equal("ReadyRole", vm);

        // The test holds web01's snapshot barrier (the lock any instance's capture takes), so A's capture waits there.
        int vmId;
        await using (var db = new PortalDbContext(_database.Options()))
            vmId = await db.VirtualMachines.Where(v => v.Name == "web01").Select(v => v.Id).SingleAsync();
        await using var barrier = new Npgsql.NpgsqlConnection(_database.ConnectionString);
        await barrier.OpenAsync();
        await using var holding = await barrier.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_xact_lock({(int)LockSpace.GuestIo}, {vmId})", barrier, holding))
            await take.ExecuteNonQueryAsync();

        var image = ApiClient.UniqueName("img");
        using var response = await onA.PostJsonAsync("/api/cloud-services/contoso-web/vms/web01/capture", new { osState = "Specialized", imageName = image });
        var id = Guid.Parse((await response.JsonAsync(HttpStatusCode.Accepted)).S("id"));

        var claimed = await OperationWaits.WaitUntilAsync(() => OperationAsync(id), o => o is { Status: OperationStatus.InProgress, Progress: >= 5 },
            "A to claim the capture and reach the snapshot barrier", TimeSpan.FromSeconds(30));
        Assert.StartsWith($"{Environment.MachineName}:{_a.Id}:", claimed!.LeaseOwner);
        // B's page heard of it from A, live: nobody reloaded it.
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"image {image}" });
        await Assertions.Expect(row.GetByTestId("operation-status")).ToHaveTextAsync("In progress", new() { Timeout = 15_000 });

        _a.KillHard();
        await _a.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await holding.RollbackAsync();

        // B claims the capture once A's lease lapses, finds it uncommitted and rolls it back; its page shows the outcome live.
        await Assertions.Expect(row.GetByTestId("operation-status")).ToHaveTextAsync("Failed", new() { Timeout = 60_000 });
        var done = await OperationAsync(id);
        Assert.StartsWith($"{Environment.MachineName}:{_b.Id}:", done!.LeaseOwner);
        Assert.Contains("was interrupted before the image was committed", done.ErrorMessage);
        Assert.Equal("ReadyRole", (await onB.GetJsonAsync("/api/cloud-services/contoso-web/vms/web01")).S("status"));
        await using var after = new PortalDbContext(_database.Options());
        Assert.False(await after.Images.AnyAsync(i => i.Name == image), "The rolled-back capture left an image behind.");
        // Nor anything in storage: the estate both instances share is clean by B's storage health check.
        var health = await onB.GetJsonAsync("/api/storage/health");
        Assert.True(health.GetProperty("problems").GetArrayLength() == 0, $"The storage health check found problems after the rollback: {health}");
    }

    private async Task<(PortalProcess Process, Uri Address)> StartAsync(string name, TimeSpan pollInterval)
    {
        var dataPath = Directory.CreateTempSubdirectory($"vmportal-instance-{name}-").FullName;
        _dataPaths.Add(dataPath);
        // Development: the browser needs the static web assets a build (rather than a publish) serves only there.
        var portal = PortalProcess.StartIn("Development",
            $"--Portal:DataPath={dataPath}", "--Urls=http://127.0.0.1:0",
            "--Portal:DatabaseProvider=PostgreSql", $"--ConnectionStrings:Portal={_database.ConnectionString}",
            "--Storage:Accounts:0:Name=acct1", "--Storage:Accounts:0:Location=West US",
            $"--Storage:Accounts:0:ConnectionString={_azurite.Process.ConnectionString(AzuriteFixture.Primary)}",
            "--Portal:BootstrapAdmin:UserName=admin", $"--Portal:BootstrapAdmin:Password={Password}",
            $"--Operations:Lease={Lease}", $"--Operations:PollInterval={pollInterval}");
        await portal.WaitForOutputAsync("Now listening on: ", TimeSpan.FromSeconds(120));
        return (portal, new Uri(ListeningOn().Match(portal.Stdout).Groups[1].Value.Trim()));
    }

    private static async Task<HttpClient> ClientAsync(Uri address, string? token)
    {
        var http = new HttpClient { BaseAddress = address };
        if (token is null)
        {
            using var made = await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = Password });
            Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
            token = JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<Operation?> OperationAsync(Guid id)
    {
        await using var db = new PortalDbContext(_database.Options());
        return await db.Operations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id);
    }

    [GeneratedRegex(@"Now listening on: (\S+)")]
    private static partial Regex ListeningOn();
}
