using System.Text.RegularExpressions;
using VmPortal.Testing;
using VmPortal.Web.Tests.Localization;

namespace VmPortal.Web.Tests.Images;

/// <summary>
/// The image pages' C# helpers read ImageText.resx by key (<c>ImageText.Get("Key")</c>, <c>Format("Key", …)</c>, an injected
/// localizer's <c>L["Key"]</c>); a key the resource lacks would show as the bare key, so each one must exist.
/// </summary>
public sealed partial class ImageTextKeyTests
{
    [Fact]
    public void Every_key_the_image_helpers_read_exists_in_ImageText()
    {
        var folder = Path.Combine(RepoRoot.Path, "src", "VmPortal.Web", "Components", "Pages", "Images");
        var keys = ResourceFile.Read(Path.Combine(folder, "ImageText.resx"));
        var used = Directory.EnumerateFiles(folder, "*.cs").Concat(Directory.EnumerateFiles(folder, "*.razor"))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups["key"].Value)))
            .ToList();

        Assert.True(used.Count > 100, $"only {used.Count} keys found: the pattern no longer matches the helpers");
        var missing = used.Where(u => !keys.ContainsKey(u.Key)).Select(u => $"{u.File}: {u.Key}").ToList();
        Assert.True(missing.Count == 0, "ImageText.resx has no:\n" + string.Join("\n", missing));
    }

    [GeneratedRegex(@"(?:(?<![\w.])L\[|\bGet\(|\bFormat\()""(?<key>\w+)""")]
    private static partial Regex Key();
}
