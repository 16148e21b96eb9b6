using System.Buffers.Binary;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>Reads the portable RoaringBitmap serialisation that the terms query's <c>integer_bitmap</c> format carries.</summary>
public static class RoaringBitmap
{
    private const int CookieNoRunContainers = 12346;
    private const int CookieWithRunContainers = 12347;
    private const int NoOffsetThreshold = 4;

    public static IEnumerable<int> Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var cookie = BinaryPrimitives.ReadInt32LittleEndian(span);
        int containers, position;
        byte[] runFlags;
        if (cookie == CookieNoRunContainers)
        {
            containers = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
            runFlags = new byte[(containers + 7) / 8];
            position = 8;
        }
        else if ((cookie & 0xFFFF) == CookieWithRunContainers)
        {
            containers = (cookie >>> 16) + 1;
            runFlags = span.Slice(4, (containers + 7) / 8).ToArray();
            position = 4 + runFlags.Length;
        }
        else
        {
            throw DoubleError.BadRequest("invalid integer_bitmap: unknown RoaringBitmap cookie");
        }
        var keys = new int[containers];
        var cardinalities = new int[containers];
        for (var i = 0; i < containers; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt16LittleEndian(span[(position + 4 * i)..]);
            cardinalities[i] = BinaryPrimitives.ReadUInt16LittleEndian(span[(position + 4 * i + 2)..]) + 1;
        }
        position += 4 * containers;
        if (cookie == CookieNoRunContainers || containers >= NoOffsetThreshold)
        {
            position += 4 * containers;
        }
        var values = new List<int>();
        for (var i = 0; i < containers; i++)
        {
            var high = keys[i] << 16;
            if ((runFlags[i / 8] & (1 << (i % 8))) != 0)
            {
                var runs = BinaryPrimitives.ReadUInt16LittleEndian(span[position..]);
                position += 2;
                for (var r = 0; r < runs; r++, position += 4)
                {
                    var start = BinaryPrimitives.ReadUInt16LittleEndian(span[position..]);
                    var length = BinaryPrimitives.ReadUInt16LittleEndian(span[(position + 2)..]);
                    values.AddRange(Enumerable.Range(start, length + 1).Select(v => high | v));
                }
            }
            else if (cardinalities[i] <= 4096)
            {
                for (var j = 0; j < cardinalities[i]; j++, position += 2)
                {
                    values.Add(high | BinaryPrimitives.ReadUInt16LittleEndian(span[position..]));
                }
            }
            else
            {
                for (var bit = 0; bit < 65536; bit++)
                {
                    if ((span[position + bit / 8] & (1 << (bit % 8))) != 0)
                    {
                        values.Add(high | bit);
                    }
                }
                position += 8192;
            }
        }
        return values;
    }
}
