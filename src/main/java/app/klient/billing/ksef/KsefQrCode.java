package app.klient.billing.ksef;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * The verification code "KOD I" printed on a KSeF invoice (docs: kody-qr.md): a link to the environment's QR address
 * with the seller's NIP, the issue date (P_1) as DD-MM-YYYY and the Base64URL SHA-256 of the invoice's FA(3) file, so
 * that whoever holds the paper can check it is the invoice KSeF has. Under it: the KSeF number once known, else
 * "OFFLINE".
 */
public final class KsefQrCode {

    /** What the printed invoice carries: the link, its picture as a PNG data URI, and the label under it. */
    public record Printed(String url, String image, String label) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    /** Printed under the code while the invoice has no KSeF number yet (kody-qr.md, "Oznaczenie pod kodem QR"). */
    public static final String OFFLINE = "OFFLINE";

    /** Pixels per module of the picture; the PDF scales it to its printed size. */
    private static final int SCALE = 6;

    private KsefQrCode() {
    }

    public static String verificationUrl(KsefEnvironment environment, String sellerNip, LocalDate issueDate,
            byte[] sha256) {
        return environment.qrUrl() + "/invoice/" + sellerNip + "/" + DAY.format(issueDate) + "/"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256);
    }

    /** The link drawn as a QR code (ISO/IEC 18004, error correction M, the standard quiet zone of four modules). */
    public static byte[] png(String url) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 4,
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.CHARACTER_SET, "UTF-8"));
        }
        catch (WriterException e) {
            throw new IllegalStateException("A verification link always fits a QR code: " + url, e);
        }
        int size = matrix.getWidth() * SCALE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, matrix.get(x / SCALE, y / SCALE) ? 0x000000 : 0xFFFFFF);
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Printed printed(String url, String ksefNumber) {
        return new Printed(url, "data:image/png;base64," + Base64.getEncoder().encodeToString(png(url)),
                ksefNumber == null ? OFFLINE : ksefNumber);
    }
}
