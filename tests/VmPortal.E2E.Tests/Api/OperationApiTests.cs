using System.Net;
using VmPortal.Core.Catalogue;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

[Collection(typeof(ApiPortal))]
public sealed class OperationApiTests(PortalApp app)
{
    private readonly HttpClient _http = app.AdminClient();

    [Fact]
    public async Task Operations_are_listed_newest_first_and_a_failed_one_carries_its_error()
    {
        var target = ApiClient.UniqueName("target");
        var older = await AddFinishedAsync(target, DateTimeOffset.UtcNow.AddMinutes(-2), OperationStatus.Succeeded);
        var newer = await AddFinishedAsync(target, DateTimeOffset.UtcNow.AddMinutes(-1), OperationStatus.Failed);

        var items = (await _http.GetJsonAsync("/api/operations?take=1000")).GetProperty("items").EnumerateArray()
            .Where(o => o.GetProperty("target").GetString() == target).ToList();

        Assert.Equal([newer.ToString(), older.ToString()], items.Select(o => o.GetProperty("id").GetString()));
        var failed = await _http.GetJsonAsync($"/api/operations/{newer}");
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("DiskInUse", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("It was busy.", failed.GetProperty("error").GetProperty("message").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, failed.GetProperty("completedTime").ValueKind);
    }

    [Fact]
    public async Task The_status_filter_and_paging_apply()
    {
        await AddFinishedAsync(ApiClient.UniqueName("t"), DateTimeOffset.UtcNow, OperationStatus.Failed);

        var failed = await _http.GetJsonAsync("/api/operations?status=Failed&take=1");

        Assert.Equal(1, failed.GetProperty("items").GetArrayLength());
        Assert.Equal("Failed", failed.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.True(failed.GetProperty("total").GetInt32() >= 1);
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("take=1001", "take")]
    public async Task A_bad_query_value_is_ValidationFailed_naming_it(string query, string field)
    {
        using var response = await _http.GetAsync($"/api/operations?{query}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", field);
        if (field == "status") Assert.Contains("InProgress", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("not-a-guid")]
    public async Task An_unknown_operation_is_NotFound(string id)
    {
        using var response = await _http.GetAsync($"/api/operations/{id}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    private async Task<Guid> AddFinishedAsync(string target, DateTimeOffset created, OperationStatus status)
    {
        await using var db = await app.DbAsync();
        var operation = new Operation
        {
            Id = Guid.NewGuid(), Kind = "Test", Target = target, Status = status, CreatedTime = created, CompletedTime = created,
            Progress = status == OperationStatus.Succeeded ? 100 : 40,
            ErrorCode = status == OperationStatus.Failed ? "DiskInUse" : null,
            ErrorMessage = status == OperationStatus.Failed ? "It was busy." : null,
        };
        db.Operations.Add(operation);
        await db.SaveChangesAsync();
        return operation.Id;
    }
}
