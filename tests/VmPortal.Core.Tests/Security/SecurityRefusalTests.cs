using System.Security.Claims;
using VmPortal.Core.Security;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Security;

/// <summary>What a user or token holder is refused is said in the reader's language; the codes stay.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class SecurityRefusalTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    [Fact]
    public async Task A_Chinese_reader_is_refused_in_Chinese_and_the_code_stays()
    {
        using var _ = InCulture.Chinese();
        var nobody = new ClaimsPrincipal(new ClaimsIdentity());

        var users = await Get<UserAdministration>().ListAsync(nobody);
        var token = await Get<ApiTokenService>().CreatePersonalAsync(nobody, "build", TimeSpan.FromDays(30), null);

        Assert.Equal(ErrorCodes.Forbidden, users.Error?.Code);
        Assert.Contains("管理员", users.Error!.Message);
        Assert.Equal(ErrorCodes.Unauthenticated, token.Error?.Code);
        Assert.Contains("登录", token.Error!.Message);
    }
}
