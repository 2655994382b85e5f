using System.Text.RegularExpressions;
using VmPortal.Testing;

namespace VmPortal.Core.Tests;

/// <summary>
/// The core's namespaces depend one way (README "Architecture"): features on the catalogue, disks, storage and
/// fabric, those on the entities — never in a circle. Read from the sources: every using of a core namespace and
/// every reference qualified by one.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string CoreSources = Path.Combine(RepoRoot.Path, "src", "VmPortal.Core");

    [Fact]
    public void The_core_namespaces_have_no_cycle()
    {
        var graph = DependencyGraph();
        Assert.True(graph.Count >= 12, $"Only {graph.Count} namespaces found under {CoreSources}: the scan is broken.");

        var cycles = graph.Keys.SelectMany(from => graph[from].Where(to => Reaches(graph, to, from)).Select(to => $"{from} -> {to}")).ToList();

        Assert.True(cycles.Count == 0, "Namespaces that depend on each other, directly or through others:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_entities_depend_on_no_feature()
    {
        var graph = DependencyGraph();
        var features = graph["VmPortal.Core.Catalogue"].Where(n => n != "VmPortal.Core").ToList();

        Assert.True(features.Count == 0, "Catalogue uses " + string.Join(", ", features));
    }

    private static Dictionary<string, HashSet<string>> DependencyGraph()
    {
        var namespaces = Directory.EnumerateDirectories(CoreSources)
            .Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Select(d => $"VmPortal.Core.{d}").ToHashSet();
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(CoreSources, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains("Migrations")) continue;
            var text = File.ReadAllText(file);
            var own = Namespace().Match(text).Groups[1].Value;
            own = own.Split('.').Length > 3 ? string.Join('.', own.Split('.')[..3]) : own;
            if (!graph.TryGetValue(own, out var uses)) graph[own] = uses = [];
            foreach (Match m in Using().Matches(text)) uses.Add(m.Groups[1].Value);
            foreach (Match m in Qualified().Matches(text))
                if (namespaces.Contains($"VmPortal.Core.{m.Groups[1].Value}")) uses.Add($"VmPortal.Core.{m.Groups[1].Value}");
            uses.Remove(own);
        }
        return graph;
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> graph, string from, string to)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([from]);
        while (pending.TryPop(out var node))
        {
            if (node == to) return true;
            if (!seen.Add(node)) continue;
            foreach (var next in graph.GetValueOrDefault(node) ?? []) pending.Push(next);
        }
        return false;
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using (VmPortal\.Core\.\w+);", RegexOptions.Multiline)]
    private static partial Regex Using();

    /// <summary>A reference such as <c>Storage.BlobAccounts</c> or <c>Images.ImageQueries</c>, not a member access like <c>db.Images.Where</c>.</summary>
    [GeneratedRegex(@"(?<![\w.])([A-Z]\w+)\.[A-Z]\w*(?=[\s.(<;,)\]])")]
    private static partial Regex Qualified();
}
