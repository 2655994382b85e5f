using VmPortal.Core;
using VmPortal.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
try
{
    await app.PreparePortalAsync();
}
catch (PortalStartupException e)
{
    // One line that says what to fix, not a stack-trace wall.
    Console.Error.WriteLine($"VmPortal cannot start: {e.Message}");
    await app.DisposeAsync();
    return 1;
}

app.UsePortal();
await app.RunAsync();
return 0;

public partial class Program;
