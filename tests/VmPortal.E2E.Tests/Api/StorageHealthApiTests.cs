using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Api;

/// <summary><c>GET /api/storage/health</c> and <c>POST /api/storage/health/repair</c> (API.md), as an administrator uses them.</summary>
[Collection(typeof(ApiPortal))]
public sealed class StorageHealthApiTests(PortalApp app)
{
    private const string Path = "/api/storage/health";
    private static readonly string[] NotAnId = ["not-an-id"];
    private readonly HttpClient _http = app.AdminClient();
    private BlobAccount Account => app.Services.GetRequiredService<BlobAccounts>().All[0];

    [Fact]
    public async Task An_orphan_blob_is_listed_with_its_size_and_a_sentence_and_a_repair_deletes_it()
    {
        var orphan = await TestVhds.DataDiskAsync(Account);

        var problem = await ProblemAsync(orphan);
        Assert.Equal("OrphanBlob", problem.GetProperty("kind").GetString());
        Assert.True(problem.GetProperty("sizeBytes").GetInt64() > 0, problem.ToString());
        Assert.Contains("No disk, image or upload refers to this page blob", problem.GetProperty("detail").GetString());

        using var response = await _http.PostJsonAsync($"{Path}/repair", new { problems = new[] { problem.GetProperty("id").GetString() } });

        var operation = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("RepairStorage", operation.GetProperty("kind").GetString());
        var done = await OperationPolling.UntilFinishedAsync(_http, operation.GetProperty("id").GetString()!);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.False((await app.Services.GetRequiredService<DiskStore>().Resolve(orphan).Blob.ExistsAsync()).Value);
        Assert.Null(await ProblemOrNullAsync(orphan));
    }

    [Fact]
    public async Task A_blob_registered_as_a_disk_since_the_check_is_BlobInUse_and_stays()
    {
        var blob = await TestVhds.DataDiskAsync(Account);
        var id = (await ProblemAsync(blob)).GetProperty("id").GetString();
        await using (var db = await app.DbAsync())
        {
            db.Disks.Add(new Disk { Name = ApiClient.UniqueName("kept"), MediaLink = blob.AbsoluteUri, LogicalSizeInGb = 1, CreatedTime = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        using var response = await _http.PostJsonAsync($"{Path}/repair", new { problems = new[] { id } });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "BlobInUse", "problems");
        Assert.True((await app.Services.GetRequiredService<DiskStore>().Resolve(blob).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task An_id_the_check_never_gave_is_a_validation_error_and_only_an_admin_may_check()
    {
        using (var response = await _http.PostJsonAsync($"{Path}/repair", new { problems = NotAnId }))
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "problems[0]");
        using (var operatorCall = await app.CreateClient("Operator").GetAsync(Path))
            Assert.Equal(HttpStatusCode.Forbidden, operatorCall.StatusCode);
    }

    private async Task<JsonElement> ProblemAsync(Uri blob) =>
        await ProblemOrNullAsync(blob) ?? throw new Xunit.Sdk.XunitException($"The health check did not list {blob}");

    private async Task<JsonElement?> ProblemOrNullAsync(Uri blob)
    {
        var report = await _http.GetJsonAsync(Path);
        foreach (var p in report.GetProperty("problems").EnumerateArray())
            if (p.TryGetProperty("blob", out var b) && b.GetString() == blob.AbsoluteUri) return p;
        return null;
    }
}
