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

    [GeneratedRegex(@"@inject IStringLocalizer<(?<resource>\w+)> (?<name>\w+)")]
    private static partial Regex Injection();
}
