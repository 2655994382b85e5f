using System.Text.RegularExpressions;
using VmPortal.Testing;

namespace VmPortal.Web.Tests.Localization;

/// <summary>
/// A page that asks its localizer for a key the resource lacks would show the bare key: every <c>L["Key"]</c> in a component
/// names an entry of the resource it injects.
/// </summary>
public sealed partial class LocalizerKeyTests
{
    [Fact]
    public void Every_key_a_component_reads_exists_in_the_resource_it_injects()
    {
        var resources = ResourceFile.All().ToDictionary(f => Path.GetFileNameWithoutExtension(f.Path), f => f.English);
        var components = Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "src"), "*.razor", SearchOption.AllDirectories).ToList();
        var problems = new List<string>();
        var checkedKeys = 0;
        foreach (var component in components)
        {
            var text = File.ReadAllText(component);
            foreach (Match inject in Injection().Matches(text))
            {
                var (resource, name) = (inject.Groups["resource"].Value, inject.Groups["name"].Value);
                if (!resources.TryGetValue(resource, out var keys))
                {
                    problems.Add($"{Path.GetFileName(component)} injects {resource}, which has no .resx");
                    continue;
                }
                foreach (Match use in new Regex($@"(?<![\w.]){Regex.Escape(name)}\[""(?<key>[^""]+)""").Matches(text))
                {
                    checkedKeys++;
                    if (!keys.ContainsKey(use.Groups["key"].Value))
                        problems.Add($"{Path.GetFileName(component)}: {resource} has no '{use.Groups["key"].Value}'");
                }
            }
        }

        Assert.True(checkedKeys > 0, "no component reads a localized key");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_key_a_service_reads_exists_in_its_resource()
    {
        var resources = ResourceFile.All().ToDictionary(f => Path.GetFileNameWithoutExtension(f.Path), f => f.English);
        // Razor markup calls the same static readers (ImageText.Get("…") in a chip).
        var sources = SourcePatterns
            .SelectMany(pattern => Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "src"), pattern, SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (Path: p, Text: File.ReadAllText(p))).ToList();
        var classes = sources.SelectMany(s => ResourceTextClass().Matches(s.Text)).Select(m => m.Groups["name"].Value).ToHashSet();
        var problems = new List<string>();
        var checkedKeys = 0;
        foreach (var (path, text) in sources)
            foreach (Match use in ResourceTextUse().Matches(text))
            {
                var (resource, key) = (use.Groups["resource"].Value, use.Groups["key"].Value);
                if (!classes.Contains(resource)) continue;
                checkedKeys++;
                if (!resources.TryGetValue(resource, out var keys)) problems.Add($"{Path.GetFileName(path)}: {resource} has no .resx");
                else if (!keys.ContainsKey(key)) problems.Add($"{Path.GetFileName(path)}: {resource} has no '{key}'");
            }

        Assert.True(checkedKeys > 0, "no service reads a localized key");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static readonly string[] SourcePatterns = ["*.cs", "*.razor"];

    [GeneratedRegex(@"@inject IStringLocalizer<(?<resource>\w+)> (?<name>\w+)")]
    private static partial Regex Injection();

    [GeneratedRegex(@"class (?<name>\w+) : ResourceText<")]
    private static partial Regex ResourceTextClass();

    // A whole literal key only: "Role_" + role builds a key at run time, and the reader's fallback covers it.
    [GeneratedRegex(@"\b(?<resource>\w+)\.(?:Get|Format|Find)\(\s*""(?<key>[^""]+)""\s*[,)]")]
    private static partial Regex ResourceTextUse();
}
