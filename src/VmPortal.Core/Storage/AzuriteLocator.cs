using System.Diagnostics;

namespace VmPortal.Core.Storage;

/// <summary>Finds the npm-installed Azurite blob service, installing it with npm where the repo declares it.</summary>
public static class AzuriteLocator
{
    private const string BlobMain = "node_modules/azurite/dist/src/blob/main.js";

    public static string FindBlobMain(string? toolsPath)
    {
        if (!string.IsNullOrWhiteSpace(toolsPath))
        {
            var configured = Path.Combine(toolsPath, BlobMain);
            return File.Exists(configured)
                ? configured
                : throw new PortalStartupException(
                    $"Azurite was not found under Storage:Azurite:ToolsPath '{toolsPath}'; run 'npm install' there.");
        }

        foreach (var dir in Ancestors())
        {
            var candidate = Path.Combine(dir, BlobMain);
            if (File.Exists(candidate)) return candidate;
        }

        // The repository declares Azurite in package.json: the run command installs it on first use.
        var toolsRoot = Ancestors().FirstOrDefault(d =>
            File.Exists(Path.Combine(d, "package.json")) &&
            File.ReadAllText(Path.Combine(d, "package.json")).Contains("\"azurite\"", StringComparison.Ordinal));
        if (toolsRoot is null)
            throw new PortalStartupException(
                "Azurite is not installed and no package.json declares it; configure Storage:Accounts or set Storage:Azurite:ToolsPath.");
        NpmInstall(toolsRoot);
        var installed = Path.Combine(toolsRoot, BlobMain);
        return File.Exists(installed)
            ? installed
            : throw new PortalStartupException($"'npm install' in {toolsRoot} did not install Azurite.");
    }

    private static IEnumerable<string> Ancestors()
    {
        var seen = new HashSet<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (seen.Add(dir.FullName)) yield return dir.FullName;
        }
    }

    private static void NpmInstall(string toolsRoot)
    {
        Console.WriteLine($"Installing Azurite with npm in {toolsRoot} (first run only)…");
        var psi = new ProcessStartInfo("npm", "install --no-audit --no-fund --loglevel=error")
        {
            WorkingDirectory = toolsRoot,
            UseShellExecute = false,
        };
        try
        {
            using var npm = Process.Start(psi)!;
            npm.WaitForExit();
            if (npm.ExitCode != 0)
                throw new PortalStartupException($"'npm install' in {toolsRoot} failed (exit {npm.ExitCode}); is Node.js 20 with npm installed?");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new PortalStartupException("npm was not found on PATH; install Node.js 20 or configure Storage:Accounts.");
        }
    }
}
