using Microsoft.EntityFrameworkCore.Design;
using VmPortal.Core.Data;

namespace VmPortal.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without starting the portal; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new PortalDatabase(DatabaseProvider.PostgreSql, "Host=localhost;Database=vmportal_design_time").Options());
}
