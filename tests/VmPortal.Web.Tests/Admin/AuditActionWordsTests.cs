using VmPortal.Core.Security;
using VmPortal.Web.Components.Pages.Admin;

namespace VmPortal.Web.Tests.Admin;

/// <summary>The audit filter finds an action by the words the page shows for it, in any case.</summary>
public sealed class AuditActionWordsTests
{
    [Theory]
    [InlineData("sign in", AuditActions.SignIn)]
    [InlineData("SIGN IN", AuditActions.SignIn)]
    [InlineData("deploy vm", AuditActions.DeployVm)]
    [InlineData("create cloud", AuditActions.CreateCloudService)]
    public void Words_on_the_page_name_the_action(string text, string action) =>
        Assert.Contains(action, AuditActionWords.Matching(text));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void No_text_names_no_action(string? text) => Assert.Empty(AuditActionWords.Matching(text));

    [Fact]
    public void Words_no_action_shows_name_none() => Assert.Empty(AuditActionWords.Matching("launch rockets"));
}
