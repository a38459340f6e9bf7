#ifndef VECTORBOOK_CPNG_SHIM_H
#define VECTORBOOK_CPNG_SHIM_H
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

/*
 * libpng reports errors by longjmp-ing to the jmp_buf of the png struct. A longjmp must never
 * cross a Swift frame, so every libpng call that can fail runs inside one of the small wrappers
 * below, which set the jump target in C, call libpng, and turn a failure into a return value of 0
 * with the message copied into `vb_png_reader.message`. The read callback is C too, so the only
 * frames between setjmp and longjmp are libpng's and these wrappers'.
 */

/** State of one PNG decode from memory. Zero it with vb_png_reader_open; free with vb_png_reader_close. */
typedef struct vb_png_reader {
    png_structp png;
    png_infop info;
    const unsigned char *data;
    size_t size;
    size_t offset;
    /** 1 when libpng asked for bytes beyond the end of the data (a truncated file). */
    int hit_end;
    char message[200];
} vb_png_reader;

/** What the header chunks say (IHDR, PLTE, and tRNS for palette and greyscale images). */
typedef struct vb_png_header {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    int color_type;
    int interlaced;
    int palette_count;
    unsigned char palette[256 * 3];
    int alpha_count;
    unsigned char alpha[256];
    /** 1 when a greyscale image has a tRNS colour key; the key's raw sample value. */
    int has_grey_key;
    unsigned int grey_key;
    /** Bytes in one decoded (unexpanded) row. */
    size_t row_bytes;
} vb_png_header;

static inline void vb_png_copy_message(vb_png_reader *reader, const char *message) {
    strncpy(reader->message, message ? message : "unknown libpng error", sizeof reader->message - 1);
    reader->message[sizeof reader->message - 1] = 0;
}

static inline void vb_png_error_fn(png_structp png, png_const_charp message) {
    vb_png_reader *reader = (vb_png_reader *)png_get_error_ptr(png);
    if (reader) vb_png_copy_message(reader, message);
    png_longjmp(png, 1);
}

static inline void vb_png_warning_fn(png_structp png, png_const_charp message) {
    (void)png;
    (void)message; /* Warnings (bad ancillary CRCs, benign errors) are ignored, as Pillow ignores them. */
}

static inline void vb_png_read_fn(png_structp png, png_bytep out, size_t length) {
    vb_png_reader *reader = (vb_png_reader *)png_get_io_ptr(png);
    if (reader->size - reader->offset < length) {
        reader->hit_end = 1;
        png_error(png, "unexpected end of file");
    }
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

/**
 * Creates the libpng structs reading from `data`; 0 on failure (out of memory). With `byte_by_byte`,
 * libpng reads IDAT data one byte at a time instead of a chunk's worth (slow; used to recover every
 * row from a file cut inside its final IDAT chunk, as Pillow does).
 */
static inline int vb_png_reader_open(vb_png_reader *reader, const unsigned char *data, size_t size,
                                     int byte_by_byte) {
    memset(reader, 0, sizeof *reader);
    reader->data = data;
    reader->size = size;
    reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, reader, vb_png_error_fn, vb_png_warning_fn);
    if (!reader->png) {
        vb_png_copy_message(reader, "libpng could not allocate its read struct");
        return 0;
    }
    reader->info = png_create_info_struct(reader->png);
    if (!reader->info) {
        vb_png_copy_message(reader, "libpng could not allocate its info struct");
        return 0;
    }
    png_set_read_fn(reader->png, reader, vb_png_read_fn);
    /* Like Pillow, use chunk data whatever its CRC: the caller verifies the CRCs of the chunks before
       the first IDAT itself (Pillow rejects those), and Pillow never checks IDAT or later CRCs. */
    png_set_crc_action(reader->png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
    if (byte_by_byte) png_set_compression_buffer_size(reader->png, 1);
    return 1;
}

static inline void vb_png_reader_close(vb_png_reader *reader) {
    if (reader->png) png_destroy_read_struct(&reader->png, reader->info ? &reader->info : NULL, NULL);
    reader->png = NULL;
    reader->info = NULL;
}

/**
 * Reads the signature and every chunk up to the first IDAT, and fills `header`. Dimensions are
 * limited only by the PNG format here (2^31 - 1); the caller applies its own pixel limit before
 * allocating anything. Returns 0 on failure with reader->message set.
 */
static inline int vb_png_read_header(vb_png_reader *reader, vb_png_header *header) {
    memset(header, 0, sizeof *header);
    if (setjmp(png_jmpbuf(reader->png))) return 0;
    png_set_user_limits(reader->png, 0x7fffffff, 0x7fffffff);
    png_read_info(reader->png, reader->info);

    png_uint_32 width = 0, height = 0;
    int depth = 0, color = 0, interlace = 0;
    png_get_IHDR(reader->png, reader->info, &width, &height, &depth, &color, &interlace, NULL, NULL);
    header->width = width;
    header->height = height;
    header->bit_depth = depth;
    header->color_type = color;
    header->interlaced = interlace != PNG_INTERLACE_NONE;
    header->row_bytes = png_get_rowbytes(reader->png, reader->info);

    png_colorp palette = NULL;
    int count = 0;
    if (png_get_PLTE(reader->png, reader->info, &palette, &count) & PNG_INFO_PLTE) {
        if (count > 256) count = 256;
        for (int i = 0; i < count; i++) {
            header->palette[3 * i] = palette[i].red;
            header->palette[3 * i + 1] = palette[i].green;
            header->palette[3 * i + 2] = palette[i].blue;
        }
        header->palette_count = count;
    }
    png_bytep alpha = NULL;
    int alpha_count = 0;
    png_color_16p colour = NULL;
    if (png_get_tRNS(reader->png, reader->info, &alpha, &alpha_count, &colour) & PNG_INFO_tRNS) {
        if (color == PNG_COLOR_TYPE_PALETTE && alpha) {
            if (alpha_count > 256) alpha_count = 256;
            memcpy(header->alpha, alpha, (size_t)alpha_count);
            header->alpha_count = alpha_count;
        } else if (color == PNG_COLOR_TYPE_GRAY && colour) {
            header->has_grey_key = 1;
            header->grey_key = colour->gray;
        }
    }
    return 1;
}

/**
 * Turns on Adam7 de-interlacing (no other transformation: samples stay as stored, 16-bit big-endian,
 * sub-byte depths packed) and returns the number of passes, or 0 on failure.
 */
static inline int vb_png_start_rows(vb_png_reader *reader) {
    if (setjmp(png_jmpbuf(reader->png))) return 0;
    int passes = png_set_interlace_handling(reader->png);
    png_read_update_info(reader->png, reader->info);
    return passes;
}

/** Reads the next row (of the current pass, combined into `row`); 0 on failure. */
static inline int vb_png_read_row(vb_png_reader *reader, unsigned char *row) {
    if (setjmp(png_jmpbuf(reader->png))) return 0;
    png_read_row(reader->png, row, NULL);
    return 1;
}

/**
 * 1 when every row has been delivered, so that a failure can only have come from reading what follows
 * the pixel data (the zlib checksum, a final CRC, a missing IEND), which Pillow never reads.
 */
static inline int vb_png_rows_done(const vb_png_reader *reader, int interlaced, uint32_t height) {
    if (interlaced) return png_get_current_pass_number(reader->png) >= 7;
    return png_get_current_row_number(reader->png) >= height;
}

/** Most bytes png_image_write_to_memory can produce for `image` (PNG_IMAGE_PNG_SIZE_MAX). */
static inline size_t vb_png_image_size_max(const png_image *image) {
    return (size_t)PNG_IMAGE_PNG_SIZE_MAX(*image);
}

/** Format codes for the simplified write API, whose macros Swift cannot import. */
static inline png_uint_32 vb_png_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline png_uint_32 vb_png_format_gray_alpha(void) { return PNG_FORMAT_GA; }
static inline png_uint_32 vb_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline png_uint_32 vb_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 vb_png_image_version(void) { return PNG_IMAGE_VERSION; }

#endif
