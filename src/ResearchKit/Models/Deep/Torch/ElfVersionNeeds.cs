using System.Buffers.Binary;
using System.Text;

namespace ResearchKit.Models.Deep.Torch;

/// <summary>One symbol-version requirement of a shared library (an <c>Elf64_Vernaux</c> entry of <c>.gnu.version_r</c>).</summary>
/// <param name="File">The library the version is needed from (e.g. <c>libstdc++.so.6</c>).</param>
/// <param name="Version">The version name (e.g. <c>GLIBCXX_3.4.32</c>).</param>
/// <param name="Index">The version index symbols carry in <c>.gnu.version</c>.</param>
/// <param name="Weak">Whether the need is marked <c>VER_FLG_WEAK</c> (the loader only warns when it is missing).</param>
/// <param name="FlagsOffset">File offset of the entry's <c>vna_flags</c> field.</param>
internal readonly record struct VersionNeed(string File, string Version, ushort Index, bool Weak, long FlagsOffset);

/// <summary>A dynamic symbol bound to a needed version.</summary>
/// <param name="Name">The symbol name.</param>
/// <param name="Defined">Whether the library defines it itself (a section index other than SHN_UNDEF).</param>
/// <param name="Relocated">Whether any relocation of the library refers to it (what the loader would have to bind).</param>
internal readonly record struct VersionedSymbol(string Name, bool Defined, bool Relocated);

/// <summary>
/// Reads the symbol-versioning sections of a 64-bit little-endian ELF shared library (System V gABI and the
/// "Symbol Versioning" section of the LSB core spec): <c>.gnu.version_r</c> (needs), <c>.gnu.version_d</c>
/// (definitions), <c>.gnu.version</c> with <c>.dynsym</c>, and the relocation sections, and can mark one need weak.
/// Used by <see cref="TorchRuntime"/> to check, before loading, that a library's only use of a version the system
/// lacks is a link marker the loader never binds.
/// </summary>
internal sealed class ElfVersionNeeds
{
    private const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    /// <summary><c>VER_FLG_WEAK</c> in <c>vna_flags</c>.</summary>
    internal const ushort VerFlagWeak = 0x2;

    private readonly byte[] _elf;
    private readonly string _name;
    private readonly List<(uint Type, long Offset, long Size, uint Link, long EntrySize)> _sections = [];

    /// <summary>Parses the section table of <paramref name="elf"/>; <paramref name="name"/> names the file in errors.</summary>
    public ElfVersionNeeds(byte[] elf, string name)
    {
        _elf = elf;
        _name = name;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{name}: not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException($"{name}: expected a 64-bit little-endian ELF file (class {elf[4]}, data {elf[5]}).");
        var shoff = (long)U64(0x28);
        int shentsize = U16(0x3A), shnum = U16(0x3C);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > elf.Length)
            throw new InvalidDataException($"{name}: section header table out of range (offset {shoff}, {shnum} × {shentsize} bytes).");
        for (var i = 0; i < shnum; i++)
        {
            var h = shoff + (long)i * shentsize;
            _sections.Add((U32(h + 4), (long)U64(h + 24), (long)U64(h + 32), U32(h + 40), (long)U64(h + 56)));
        }
    }

    /// <summary>Every version the library needs, in file order.</summary>
    public IReadOnlyList<VersionNeed> Needs()
    {
        var result = new List<VersionNeed>();
        foreach (var s in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = _sections[(int)s.Link];
            var entry = s.Offset;
            while (true)
            {
                int count = U16(entry + 2);
                var file = Str(strtab, U32(entry + 4));
                var aux = entry + U32(entry + 8);
                for (var k = 0; k < count; k++)
                {
                    result.Add(new VersionNeed(file, Str(strtab, U32(aux + 8)), U16(aux + 6), (U16(aux + 4) & VerFlagWeak) != 0, aux + 4));
                    var nextAux = U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = U32(entry + 12);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>Every version name the library defines (<c>.gnu.version_d</c>; what it can satisfy for others).</summary>
    public IReadOnlySet<string> Definitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = _sections[(int)s.Link];
            var entry = s.Offset;
            while (true)
            {
                int count = U16(entry + 6);
                if (count > 0) result.Add(Str(strtab, U32(entry + U32(entry + 12))));   // the first verdaux names the version itself
                var next = U32(entry + 16);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>The dynamic symbols whose <c>.gnu.version</c> entry is <paramref name="index"/>, and whether a relocation uses each.</summary>
    public IReadOnlyList<VersionedSymbol> SymbolsOfVersion(ushort index)
    {
        var dynsymIndex = _sections.FindIndex(s => s.Type == ShtDynsym);
        if (dynsymIndex < 0) throw new InvalidDataException($"{_name}: no .dynsym section.");
        var dynsym = _sections[dynsymIndex];
        var versym = _sections.Find(s => s.Type == ShtGnuVersym);
        if (versym.Size == 0) throw new InvalidDataException($"{_name}: no .gnu.version section.");
        var strtab = _sections[(int)dynsym.Link];
        var count = dynsym.Size / 24;
        var relocated = new HashSet<long>();
        foreach (var r in _sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsymIndex))
        {
            var size = r.EntrySize > 0 ? r.EntrySize : r.Type == ShtRela ? 24 : 16;
            for (var e = r.Offset; e + size <= r.Offset + r.Size; e += size) relocated.Add((long)(U64(e + 8) >> 32));   // ELF64_R_SYM(r_info)
        }
        var result = new List<VersionedSymbol>();
        for (long i = 1; i < count; i++)
        {
            if ((U16(versym.Offset + 2 * i) & 0x7fff) != index) continue;   // bit 15 is the hidden flag
            var sym = dynsym.Offset + 24 * i;
            result.Add(new VersionedSymbol(Str(strtab, U32(sym)), U16(sym + 6) != 0, relocated.Contains(i)));
        }
        return result;
    }

    /// <summary>A copy of the file with <paramref name="need"/> marked <c>VER_FLG_WEAK</c>; nothing else changes.</summary>
    public byte[] WithWeakNeed(VersionNeed need)
    {
        var copy = (byte[])_elf.Clone();
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan((int)need.FlagsOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan((int)need.FlagsOffset), (ushort)(flags | VerFlagWeak));
        return copy;
    }

    private string Str((uint Type, long Offset, long Size, uint Link, long EntrySize) strtab, uint offset)
    {
        if (offset >= strtab.Size) throw new InvalidDataException($"{_name}: string offset {offset} outside its string table.");
        var start = (int)(strtab.Offset + offset);
        var end = Array.IndexOf(_elf, (byte)0, start);
        return Encoding.ASCII.GetString(_elf, start, (end < 0 ? _elf.Length : end) - start);
    }

    private ushort U16(long at) => at + 2 <= _elf.Length ? BinaryPrimitives.ReadUInt16LittleEndian(_elf.AsSpan((int)at)) : throw OutOfRange(at);

    private uint U32(long at) => at + 4 <= _elf.Length ? BinaryPrimitives.ReadUInt32LittleEndian(_elf.AsSpan((int)at)) : throw OutOfRange(at);

    private ulong U64(long at) => at + 8 <= _elf.Length ? BinaryPrimitives.ReadUInt64LittleEndian(_elf.AsSpan((int)at)) : throw OutOfRange(at);

    private InvalidDataException OutOfRange(long at) => new($"{_name}: truncated ELF file (read at offset {at} of {_elf.Length}).");
}
