namespace VmPortal.Web.Tests.Localization;

/// <summary>
/// The Chinese words follow the seed's terminology (src/VmPortal.Web/Localization/GLOSSARY.md): one word for one thing, so a
/// user never wonders whether 镜像 and 映像 differ.
/// </summary>
public sealed class GlossaryTests
{
    /// <summary>Words another console uses, and the seed's word the portal uses instead.</summary>
    public static TheoryData<string, string> Variants => new()
    {
        { "镜像", "映像" },
        { "存储账户", "存储帐户" },
        { "一般化", "通用化" },
        { "特殊化", "专用化" },
        { "捕获", "捕捉" },
        { "数据盘", "数据磁盘" },
        { "虛擬機", "虚拟机" },
        { "云端服务", "云服务" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_Chinese_text_uses_another_word_for_a_glossary_term(string variant, string term)
    {
        var uses = ResourceFile.All()
            .SelectMany(f => f.Chinese.Where(e => e.Value.Contains(variant, StringComparison.Ordinal)).Select(e => $"{f.Name}: {e.Key} = {e.Value}"))
            .ToList();

        Assert.True(uses.Count == 0, $"'{variant}' where the glossary says '{term}':\n" + string.Join("\n", uses));
    }
}
