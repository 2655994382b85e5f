using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace VmPortal.Web.Tests.Localization;

/// <summary>
/// Every word the portal shows exists in both languages: each English resource has its 简体中文 twin with the same keys and
/// the same placeholders, and the build embeds both where the localizers look for them.
/// </summary>
public sealed partial class ResourceParityTests
{
    [Fact]
    public void The_portal_has_resources_and_every_one_has_its_Chinese_twin()
    {
        var files = ResourceFile.All();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(File.Exists(f.Path[..^".resx".Length] + ResourceFile.ChineseSuffix), $"{f.Name} has no {ResourceFile.ChineseSuffix}"));
    }

    [Fact]
    public void Every_key_exists_in_both_languages()
    {
        var problems = ResourceFile.All()
            .SelectMany(f => f.English.Keys.Except(f.Chinese.Keys).Select(k => $"{f.Name}: '{k}' has no Chinese")
                .Concat(f.Chinese.Keys.Except(f.English.Keys).Select(k => $"{f.Name}: '{k}' has no English")))
            .ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Both_languages_of_a_key_carry_the_same_placeholders_and_no_text_is_empty()
    {
        var problems = new List<string>();
        foreach (var file in ResourceFile.All())
            foreach (var (key, english) in file.English)
            {
                if (!file.Chinese.TryGetValue(key, out var chinese)) continue;
                if (english.Trim().Length == 0 || chinese.Trim().Length == 0) problems.Add($"{file.Name}: '{key}' is empty");
                if (!Placeholders(english).SetEquals(Placeholders(chinese)))
                    problems.Add($"{file.Name}: '{key}' has {{{string.Join(",", Placeholders(english))}}} in English but {{{string.Join(",", Placeholders(chinese))}}} in Chinese");
            }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_build_embeds_each_resource_where_its_localizer_reads_it_in_both_languages()
    {
        var problems = new List<string>();
        foreach (var file in ResourceFile.All())
        {
            var assembly = System.Reflection.Assembly.Load(file.Project);
            var resources = new ResourceManager(file.BaseName, assembly);
            var (key, english) = file.English.First();
            try
            {
                if (resources.GetString(key, CultureInfo.GetCultureInfo("en")) != english) problems.Add($"{file.BaseName}: English '{key}' not embedded");
                if (resources.GetString(key, CultureInfo.GetCultureInfo("zh-CN")) != file.Chinese[key]) problems.Add($"{file.BaseName}: Chinese '{key}' not embedded");
            }
            catch (MissingManifestResourceException)
            {
                problems.Add($"{file.BaseName}: no such manifest resource in {file.Project}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
