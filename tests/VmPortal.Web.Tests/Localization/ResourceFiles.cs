using System.Xml.Linq;
using VmPortal.Testing;

namespace VmPortal.Web.Tests.Localization;

/// <summary>The portal's .resx pairs as they are in the repository: each neutral (English) file and its 简体中文 twin.</summary>
internal sealed record ResourceFile(string Path, string Project, IReadOnlyDictionary<string, string> English, IReadOnlyDictionary<string, string> Chinese)
{
    public const string ChineseSuffix = ".zh-CN.resx";

    /// <summary>The manifest name the build gives it: the project's root namespace, then its folders, then its name.</summary>
    public string BaseName => Project + "." + System.IO.Path.GetRelativePath(System.IO.Path.Combine(RepoRoot.Path, "src", Project), Path)
        .Replace(".resx", "", StringComparison.Ordinal).Replace('/', '.');

    public string Name => System.IO.Path.GetRelativePath(RepoRoot.Path, Path);

    public static IReadOnlyList<ResourceFile> All() =>
        [.. Directory.EnumerateFiles(System.IO.Path.Combine(RepoRoot.Path, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.EndsWith(ChineseSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => new ResourceFile(p, ProjectOf(p), Read(p), Read(p[..^".resx".Length] + ChineseSuffix)))];

    /// <summary>The entries of one .resx file; a missing file has none.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path) => !File.Exists(path)
        ? new Dictionary<string, string>()
        : XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string ProjectOf(string path) =>
        System.IO.Path.GetRelativePath(System.IO.Path.Combine(RepoRoot.Path, "src"), path).Split(System.IO.Path.DirectorySeparatorChar)[0];
}
