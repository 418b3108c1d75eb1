using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Outreach.Core.Webhooks.SendGrid;

/// <summary>
/// How many different people opened a campaign, without keeping who: a HyperLogLog sketch of 16,384 one-byte registers
/// (each holds the longest run of leading zeros seen among the hashes that fall in it, never an address or a hash).
/// Exact in practice for a few hundred openers (linear counting), within about 1% beyond.
/// </summary>
public static class DistinctCount
{
    private const int IndexBits = 14;
    public const int Registers = 1 << IndexBits;

    public static byte[] Empty() => new byte[Registers];

    /// <summary>Adds one person (their address, trimmed and lower-cased) to <paramref name="registers"/>.</summary>
    public static void Add(byte[] registers, string email)
    {
        var hash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
        var index = (int)(hash >> (64 - IndexBits));
        var rest = hash << IndexBits;
        var rank = (byte)Math.Min(System.Numerics.BitOperations.LeadingZeroCount(rest) + 1, 64 - IndexBits + 1);
        if (rank > registers[index]) registers[index] = rank;
    }

    public static int Estimate(byte[]? registers)
    {
        if (registers is not { Length: Registers }) return 0;
        double sum = 0;
        var zeros = 0;
        foreach (var r in registers)
        {
            sum += Math.Pow(2, -r);
            if (r == 0) zeros++;
        }

        const double m = Registers;
        var raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
        return (int)Math.Round(raw <= 2.5 * m && zeros > 0 ? m * Math.Log(m / zeros) : raw);
    }
}
