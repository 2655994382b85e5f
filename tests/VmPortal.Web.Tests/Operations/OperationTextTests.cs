using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Web.Components.Pages.Operations;

namespace VmPortal.Web.Tests.Operations;

/// <summary>Every resource an operation or an audit entry names leads to the page that shows it.</summary>
public sealed class OperationTextTests
{
    [Theory]
    [InlineData("cloud-services/shop/vms/web1", "vms/shop/web1")]
    [InlineData("cloud-services/shop/vms/web1 (3 VMs)", "vms/shop/web1")]
    [InlineData("cloud-services/shop", "vms?service=shop")]
    [InlineData("images/ubuntu-1404", "images/ubuntu-1404")]
    [InlineData("disks/shop-web1-os-0001", "disks?search=shop-web1-os-0001")]
    [InlineData("operations/3f2c1a7e-52d4-4c1b-9a51-2b0a3c6d7e8f", "operations/3f2c1a7e-52d4-4c1b-9a51-2b0a3c6d7e8f")]
    public void A_target_leads_to_its_page(string target, string href) => Assert.Equal(href, OperationText.Href(target));

    [Theory]
    [InlineData("tokens/12")]
    [InlineData("operations/not-an-id")]
    [InlineData("virtual-networks/vnet1")]
    public void A_target_without_a_page_has_no_link(string target) => Assert.Null(OperationText.Href(target));

    [Theory]
    [InlineData("Succeeded", true)]
    [InlineData("已成功", true)]
    [InlineData("Failed", true)]
    [InlineData("已失败", true)]
    [InlineData("Succeeded; the storage health page lists what is left.", false)]
    public void A_list_shows_an_ended_operations_message_only_when_it_says_more_than_its_status(string message, bool repeats)
    {
        var operation = new OperationView(Guid.NewGuid(), OperationKinds.RestartVm, OperationStatus.Succeeded, 100, message,
            "cloud-services/shop/vms/web1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Error: null);

        Assert.Equal(repeats, OperationText.RepeatsStatus(operation));
    }
}
