using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using VmPortal.Core;
using IPNetwork = System.Net.IPNetwork;

namespace VmPortal.Web.Security;

/// <summary>
/// <c>Portal:KnownProxies</c>: the reverse proxies (addresses, or networks in CIDR notation) whose <c>X-Forwarded-For</c>
/// and <c>X-Forwarded-Proto</c> the portal believes, so that the rate limits and the audit see the real client address
/// behind them. None by default: then the headers are ignored — any client could write them — and the address is the
/// connection's. <c>X-Forwarded-Host</c> is never believed: the <c>Host</c> a redirect or a link is built from stays
/// the one <c>AllowedHosts</c> admitted.
/// </summary>
public static class KnownProxies
{
    public const string Key = "Portal:KnownProxies";

    /// <summary>The configured proxies: an array (<c>Portal:KnownProxies:0</c>, …) or one value separated by ';' or ','.</summary>
    public static IReadOnlyList<string> Entries(IConfiguration configuration)
    {
        var section = configuration.GetSection(Key);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return values.SelectMany(v => (v ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }

    /// <summary>Every entry as a network (a single address is a /32 or /128); throws <see cref="PortalStartupException"/> on one that is neither.</summary>
    public static IReadOnlyList<IPNetwork> Parse(IConfiguration configuration) =>
        Entries(configuration).Select(entry =>
            IPNetwork.TryParse(entry, out var network) ? network
            : IPAddress.TryParse(entry, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
            : throw new PortalStartupException(
                $"{Key} holds '{entry}', which is neither an IP address nor a network in CIDR notation (such as 10.0.0.5 or 10.0.0.0/24).")).ToList();

    public static IServiceCollection AddPortalProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; the portal trusts exactly what is configured.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in TryParse(configuration)) o.KnownIPNetworks.Add(network);
            // A chain of configured proxies is followed to the first address that is not one of them, however long.
            o.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>First in the pipeline, when any proxy is configured: everything after it sees the client's address.</summary>
    public static WebApplication UsePortalProxies(this WebApplication app)
    {
        if (Entries(app.Configuration).Count > 0) app.UseForwardedHeaders();
        return app;
    }

    private static IEnumerable<IPNetwork> TryParse(IConfiguration configuration)
    {
        try { return Parse(configuration); }
        catch (PortalStartupException) { return []; } // PreparePortalAsync stops the start with the message.
    }
}
