using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Data;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

/// <summary>HTTP helpers for the API tests: JSON in and out, and the problem-details assertion every refusal shares.</summary>
internal static class ApiClient
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A context on the running portal's own database, for arranging rows no API route creates yet.</summary>
    public static Task<PortalDbContext> DbAsync(this PortalApp app) =>
        app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, object body) =>
        http.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Names of the items on a list route, read with the largest page so other tests' rows never hide ours.</summary>
    public static async Task<List<string>> NamesAsync(this HttpClient http, string path) =>
        (await http.GetJsonAsync($"{path}?take=1000")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("name").GetString()!).ToList();

    /// <summary>Asserts an RFC 7807 answer with the stable code (and field), and returns it for further checks.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var problem = await response.JsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field is not null) Assert.Equal(field, problem.GetProperty("field").GetString());
        return problem;
    }
}
