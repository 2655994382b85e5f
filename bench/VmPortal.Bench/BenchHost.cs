using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmPortal.Core;

namespace VmPortal.Bench;

/// <summary>The portal's application layer as the portal hosts it, on one storage account of the bench's Azurite and a SQLite file in the given data folder.</summary>
public static class BenchHost
{
    /// <summary>
    /// The fabric runs at <paramref name="fabricSpeed"/> times real time (fast by default: the benches time the portal's
    /// work, not the simulated hypervisor's waits); <paramref name="configure"/> adds services, such as counting seams.
    /// </summary>
    /// <param name="moreAccounts">Storage accounts in other locations, after the first one in West US.</param>
    public static IHost Build(string connectionString, string accountName, string dataPath, double fabricSpeed = 1000,
        Action<IServiceCollection>? configure = null, IReadOnlyList<(string Name, string Location, string ConnectionString)>? moreAccounts = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataPath"] = dataPath,
            ["Portal:SeedDemoData"] = "false",
            // A configured first admin: otherwise every bench run prints a generated password.
            ["Portal:BootstrapAdmin:Password"] = "Bench-Admin-Pa55!",
            ["Fabric:Speed"] = fabricSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage:Accounts:0:Name"] = accountName,
            ["Storage:Accounts:0:Location"] = "West US",
            ["Storage:Accounts:0:ConnectionString"] = connectionString,
        });
        for (var i = 0; i < (moreAccounts?.Count ?? 0); i++)
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"Storage:Accounts:{i + 1}:Name"] = moreAccounts![i].Name,
                [$"Storage:Accounts:{i + 1}:Location"] = moreAccounts[i].Location,
                [$"Storage:Accounts:{i + 1}:ConnectionString"] = moreAccounts[i].ConnectionString,
            });
        builder.Logging.ClearProviders();
        builder.Services.AddPortalCore(builder.Configuration, dataPath);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
