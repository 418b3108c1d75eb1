namespace Outreach.Core.Common.Validation;

/// <summary>Where a request came from, for the consent proof.</summary>
public sealed record RequestOrigin(string Channel, string? IpAddress)
{
    /// <summary>IPv4 truncated to /24, IPv6 to /48.</summary>
    public string? IpPrefix
    {
        get
        {
            if (!System.Net.IPAddress.TryParse(IpAddress, out var ip)) return null;
            if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
            var bytes = ip.GetAddressBytes();
            var keep = bytes.Length == 4 ? 3 : 6;
            for (var i = keep; i < bytes.Length; i++) bytes[i] = 0;
            return new System.Net.IPAddress(bytes) + (bytes.Length == 4 ? "/24" : "/48");
        }
    }
}
