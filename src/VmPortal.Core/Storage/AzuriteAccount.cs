namespace VmPortal.Core.Storage;

/// <summary>A storage account hosted by an Azurite process (<c>AZURITE_ACCOUNTS</c>).</summary>
public sealed record AzuriteAccount(string Name, string Key);
