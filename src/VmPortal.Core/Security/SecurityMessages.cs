namespace VmPortal.Core.Security;

/// <summary>The sentences of users and tokens (SecurityMessages.resx, English and 简体中文): what an Admin or token holder is refused.</summary>
public sealed class SecurityMessages : ResourceText<SecurityMessages>;
