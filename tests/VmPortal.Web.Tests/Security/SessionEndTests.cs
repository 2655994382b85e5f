using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core;
using VmPortal.Core.Security;
using VmPortal.Testing;
using VmPortal.Web.Security;

namespace VmPortal.Web.Tests.Security;

/// <summary>A page's action after the user's session ended elsewhere: refused, with the reason in the reader's language.</summary>
public sealed class SessionEndTests : PortalBunitContext
{
    [Fact]
    public async Task In_Chinese_an_action_after_signing_out_in_another_tab_does_nothing_and_says_why_in_Chinese()
    {
        var user = Services.GetRequiredService<PortalUser>();
        await Services.GetRequiredService<BrowserSessions>().EndAsync(await user.GetAsync());
        Assert.False((await Services.GetRequiredService<BrowserSessions>().CheckAsync(await user.GetAsync())).IsValid, "the sign-out did not end the session");

        using var chinese = InCulture.Chinese();
        var ran = false;
        var result = await user.RunAsync(PortalRoles.Operator, "StartVm", "cloudservices/svc/vms/web01", _ =>
        {
            ran = true;
            return Task.FromResult<PortalResult<bool>>(true);
        });

        Assert.False(ran, "the action ran although the session had ended");
        Assert.Equal(ErrorCodes.Unauthenticated, result.Error?.Code);
        Assert.Equal("未执行任何操作：你已注销。请重新登录。", result.Error!.Message);
    }
}
