using System.Diagnostics;
using System.Text;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// The small raw disk the fabric attaches last, from which the guest agent reads its provisioning on a generalized
/// guest's first boot (R21): the line <c>VMPCONF1</c>, then <c>key=value</c> lines. The password never reaches it:
/// only its crypt(3) SHA-512 hash, which is all <c>/etc/shadow</c> needs.
/// </summary>
public static class ConfigDisk
{
    private const int Size = 64 * 1024;

    public static async Task WriteAsync(string path, ProvisioningRequest? provisioning, CancellationToken ct)
    {
        var text = new StringBuilder("VMPCONF1\n");
        if (provisioning is not null)
        {
            Line(text, "computer_name", provisioning.ComputerName);
            Line(text, "admin_user", provisioning.AdminUserName);
            if (provisioning.AdminPassword is { } password) Line(text, "password_hash", await HashAsync(password, ct));
            if (provisioning.SshPublicKey is { } key) Line(text, "ssh_key", key);
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (bytes.Length > Size) throw new QemuException("The provisioning does not fit the config disk.");
        var disk = new byte[Size];
        bytes.CopyTo(disk, 0);
        await File.WriteAllBytesAsync(path, disk, ct);
    }

    /// <summary>Values were checked by the deploy; a line break would still forge a key, so it is refused here too.</summary>
    private static void Line(StringBuilder text, string key, string value)
    {
        if (value.Any(char.IsControl)) throw new QemuException($"The {key} for the guest holds a control character.");
        text.Append(key).Append('=').Append(value).Append('\n');
    }

    /// <summary>SHA-512 crypt by OpenSSL, the password given on its standard input (never on a command line others can read).</summary>
    private static async Task<string> HashAsync(string password, CancellationToken ct)
    {
        var start = new ProcessStartInfo("openssl", ["passwd", "-6", "-stdin"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var openssl = Process.Start(start) ?? throw new QemuException("openssl could not be started to hash the password.");
        await openssl.StandardInput.WriteLineAsync(password.AsMemory(), ct);
        openssl.StandardInput.Close();
        var hash = (await openssl.StandardOutput.ReadToEndAsync(ct)).Trim();
        await openssl.WaitForExitAsync(ct);
        if (openssl.ExitCode != 0 || !hash.StartsWith("$6$", StringComparison.Ordinal))
            throw new QemuException($"openssl could not hash the password: {(await openssl.StandardError.ReadToEndAsync(ct)).Trim()}");
        return hash;
    }
}
