using System.Diagnostics;
using System.Text.Json;

namespace VmPortal.E2E.Tests.Api;

internal static class OperationPolling
{
    /// <summary>Polls <c>GET /api/operations/{id}</c> until it leaves InProgress; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task<JsonElement> UntilFinishedAsync(HttpClient http, string id, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var operation = await http.GetJsonAsync($"/api/operations/{id}");
            if (operation.GetProperty("status").GetString() != "InProgress") return operation;
            Assert.True(clock.Elapsed < limit, $"Operation {id} was still InProgress after {limit.TotalSeconds} s: {operation}");
            await Task.Delay(100);
        }
    }
}
