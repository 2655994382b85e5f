using System.Globalization;
using System.Resources;

namespace VmPortal.Core;

/// <summary>
/// The sentences of one feature folder, from its <c>.resx</c> (English) and <c>.zh-CN.resx</c> (简体中文), in the current UI
/// culture: the request's or circuit's for what a service answers, the requester's for what an operation writes (the worker
/// runs it in <see cref="Catalogue.Operation.Culture"/>). Derive one marker class per resource:
/// <c>public sealed class CaptureMessages : ResourceText&lt;CaptureMessages&gt;;</c>.
/// </summary>
public abstract class ResourceText<TResource> where TResource : ResourceText<TResource>
{
    private static readonly ResourceManager Resources = new(typeof(TResource));

    /// <summary>The entry <paramref name="key"/>; a key the resource lacks is a bug, and says which.</summary>
    public static string Get(string key) =>
        Resources.GetString(key, CultureInfo.CurrentUICulture)
        ?? throw new MissingManifestResourceException($"{typeof(TResource).Name}.resx has no entry '{key}'.");

    /// <summary>The entry <paramref name="key"/> with its <c>{0}</c>, <c>{1}</c>… filled in the current culture's formats.</summary>
    public static string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);

    /// <summary>The entry in <paramref name="culture"/>, whatever the current one.</summary>
    public static string? GetIn(CultureInfo culture, string key) => Resources.GetString(key, culture);

    /// <summary>The entry, or null when the resource has none (for codes that may or may not have words).</summary>
    public static string? Find(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);
}
