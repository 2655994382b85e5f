using VmPortal.Core.CloudServices;
using VmPortal.Core.Security;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Security;

/// <summary>The audit page's filters, as an administrator types them.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class AuditQueryTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    [Theory]
    [InlineData("createcloudservice", null)]
    [InlineData("CLOUDSERVICE", null)]
    [InlineData(null, "OPS@CONTOSO")]
    [InlineData(null, "Ops@")]
    public async Task Text_filters_match_regardless_of_case(string? action, string? user)
    {
        var created = await Get<CloudServiceService>().CreateAsync(new CreateCloudServiceRequest("audit-case", "West US"), new Actor("ops@contoso", "203.0.113.7"));
        Assert.True(created.Succeeded, created.Error?.Message);

        var page = await Get<AuditLog>().QueryAsync(new AuditQuery(UserName: user, Action: action));

        var entry = Assert.Single(page.Items, e => e.Resource == "cloud-services/audit-case");
        Assert.Equal((AuditActions.CreateCloudService, "ops@contoso"), (entry.Action, entry.UserName));
    }

    [Fact]
    public async Task Actions_named_in_words_are_found_beside_the_codes_that_contain_the_text()
    {
        var created = await Get<CloudServiceService>().CreateAsync(new CreateCloudServiceRequest("audit-words", "West US"), new Actor("ops@contoso", "203.0.113.7"));
        Assert.True(created.Succeeded, created.Error?.Message);

        var inWords = await Get<AuditLog>().QueryAsync(new AuditQuery(Action: "create cloud service"));
        var named = await Get<AuditLog>().QueryAsync(new AuditQuery(Action: "create cloud service", ActionsNamed: [AuditActions.CreateCloudService]));

        Assert.DoesNotContain(inWords.Items, e => e.Resource == "cloud-services/audit-words");
        Assert.Contains(named.Items, e => e.Resource == "cloud-services/audit-words");
    }
}
