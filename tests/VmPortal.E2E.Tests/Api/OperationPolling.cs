using System.Text.Json;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Api;

internal static class OperationPolling
{
    /// <summary>Polls <c>GET /api/operations/{id}</c> until it leaves InProgress; fails the test after <paramref name="timeout"/>.</summary>
    public static Task<JsonElement> UntilFinishedAsync(HttpClient http, string id, TimeSpan? timeout = null) =>
        OperationWaits.WaitUntilAsync(() => http.GetJsonAsync($"/api/operations/{id}"),
            operation => operation.GetProperty("status").GetString() != "InProgress", $"operation {id} to finish", timeout);
}
