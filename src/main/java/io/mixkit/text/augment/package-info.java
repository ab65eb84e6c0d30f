/**
 * Offline text augmentation for semi-supervised training: K views of a text, seeded per text so the
 * same text always gets the same views, and cached on disk by content hash.
 */
package io.mixkit.text.augment;
