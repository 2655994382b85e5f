namespace VmPortal.Core.Deploy;

/// <summary>R28 passwords and R21 SSH keys: each refusal says which rule failed.</summary>
public static class Credentials
{
    public static PortalError? CheckPassword(string password, string field = "provisioning.adminPassword")
    {
        if (password.Length is < 8 or > 123)
            return new PortalError(ErrorCodes.WeakPassword, DeployMessages.Format("PasswordLength", password.Length), field);
        var classes = new (string Name, bool Present)[]
        {
            (DeployMessages.Get("PasswordClassLower"), password.Any(char.IsLower)),
            (DeployMessages.Get("PasswordClassUpper"), password.Any(char.IsUpper)),
            (DeployMessages.Get("PasswordClassDigit"), password.Any(char.IsDigit)),
            (DeployMessages.Get("PasswordClassSymbol"), password.Any(c => !char.IsLetterOrDigit(c))),
        };
        var missing = classes.Where(c => !c.Present).Select(c => c.Name).ToList();
        return missing.Count <= 1 ? null : new PortalError(ErrorCodes.WeakPassword,
            DeployMessages.Format("PasswordLacks", string.Join(DeployMessages.Get("PasswordLacksJoiner"), missing)), field);
    }

    /// <summary>R21: an admin user name (<see cref="Catalogue.NameRules.AdminUser"/>), never one Azure reserves.</summary>
    public static PortalError? CheckUserName(string user, string field = "provisioning.adminUserName") =>
        Catalogue.NameRules.AdminUser(user, field);

    private static readonly string[] KeyTypes = ["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"];

    /// <summary>An OpenSSH public key line: type, base64 blob whose first field repeats the type, optional comment.</summary>
    public static PortalError? CheckSshKey(string key, string field = "provisioning.sshPublicKey")
    {
        var parts = key.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        PortalError Bad(string why) => new(ErrorCodes.InvalidSshKey, DeployMessages.Format("SshKeyInvalid", why), field);
        if (parts.Length < 2) return Bad(DeployMessages.Get("SshKeyWhyShape"));
        if (!KeyTypes.Contains(parts[0])) return Bad(DeployMessages.Format("SshKeyWhyType", parts[0], string.Join(CoreMessages.Get("ListSeparator"), KeyTypes)));
        byte[] blob;
        try { blob = Convert.FromBase64String(parts[1]); }
        catch (FormatException) { return Bad(DeployMessages.Get("SshKeyWhyNotBase64")); }
        if (blob.Length < 4) return Bad(DeployMessages.Get("SshKeyWhyTooShort"));
        var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        if (length <= 0 || 4 + length > blob.Length || System.Text.Encoding.ASCII.GetString(blob, 4, length) != parts[0])
            return Bad(DeployMessages.Get("SshKeyWhyWrongType"));
        return null;
    }
}
