using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VmPortal.Core.Data.Configurations;

/// <summary>
/// A list of small records kept as one JSON text column, the same on every provider. A row written before the column
/// existed reads as an empty list.
/// </summary>
internal static class JsonColumn<T>
{
    public static readonly ValueConverter<List<T>, string> Converter = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        s => Read(s));

    public static readonly ValueComparer<List<T>> Comparer = new(
        (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web).GetHashCode(StringComparison.Ordinal),
        v => v.ToList());

    private static List<T> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<T>>(json, JsonSerializerOptions.Web) ?? [];
}
