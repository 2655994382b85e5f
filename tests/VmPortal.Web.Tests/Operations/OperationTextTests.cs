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
}
