using Endpoint = VmPortal.Core.Catalogue.Endpoint;

namespace VmPortal.Web.Components.Pages.Deploy;

/// <summary>How a user reaches a VM's endpoint from their own machine: the address, and for SSH and RDP the command itself.</summary>
public static class ConnectionCommands
{
    public static string Address(Endpoint endpoint, string dnsName) => $"{dnsName}:{endpoint.PublicPort}";

    /// <summary><c>ssh user@svc.cloudapp.net -p 55001</c> or <c>mstsc /v:svc.cloudapp.net:3389</c>; null for other services.</summary>
    public static string? Command(Endpoint endpoint, string dnsName, string? adminUser)
    {
        if (!endpoint.Protocol.Equals("tcp", StringComparison.OrdinalIgnoreCase)) return null;
        return endpoint.LocalPort switch
        {
            22 => $"ssh {(adminUser is null ? "" : adminUser + "@")}{dnsName}{(endpoint.PublicPort == 22 ? "" : $" -p {endpoint.PublicPort}")}",
            3389 => $"mstsc /v:{dnsName}:{endpoint.PublicPort}",
            _ => null,
        };
    }
}
