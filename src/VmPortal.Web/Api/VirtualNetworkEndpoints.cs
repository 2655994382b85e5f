using VmPortal.Core.Networks;
using VmPortal.Core.Security;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

internal static class VirtualNetworkEndpoints
{
    public static void MapVirtualNetworkEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/virtual-networks").WithTags("Virtual networks").ChangesNeed(PortalRoles.Admin);
        group.MapList<VirtualNetworkService, VirtualNetworkView>("ListVirtualNetworks",
            "Virtual networks with their subnets", (s, skip, take, ct) => s.ListAsync(skip, take, ct))
            .WithDescription("By name, paged with `skip` and `take`. A deploy names one in `network.virtualNetwork` and one of its subnets.");
        group.MapGetOne<VirtualNetworkService, VirtualNetworkView>("GetVirtualNetwork", "One virtual network", (s, name, ct) => s.GetAsync(name, ct))
            .WithDescription("Its location, address space and subnets.");
        group.MapCreate<VirtualNetworkService, CreateVirtualNetworkRequest, VirtualNetworkView>(AuditActions.CreateVirtualNetwork,
            "Create a virtual network: an IPv4 address space (CIDR) and at least one subnet inside it",
            (s, request, actor, ct) => s.CreateAsync(request, actor, ct), n => n.Name)
            .WithDescription("Subnets must lie inside the address space and not overlap each other. VMs join it at deploy time, in its location.");
    }
}
